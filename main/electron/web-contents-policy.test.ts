import { describe, expect, it } from 'vitest';
import { allowsPermissionCheck, allowsPermissionRequest, isAppUrl, mayNavigateTo } from './web-contents-policy';

const PAGE = 'app://emotionthinker/index.html';

describe('the Electron shell’s web contents policy', () => {
  it('knows the app’s own URLs and origin, and nothing that only looks like them', () => {
    expect(isAppUrl(PAGE)).toBe(true);
    expect(isAppUrl('app://emotionthinker')).toBe(true); // a serialized origin, as permission checks give it
    for (const other of [
      'app://emotionthinker.evil/',
      'app://other/index.html',
      'app://user@emotionthinker/',
      'file:///index.html',
      'https://emotionthinker/',
      'null',
      '',
      undefined,
    ]) {
      expect(isAppUrl(other), String(other)).toBe(false);
    }
  });

  it('lets navigations and redirects stay in the app, and stops those that leave it', () => {
    expect(mayNavigateTo('app://emotionthinker/index.html#/library')).toBe(true);
    expect(mayNavigateTo('https://github.com/')).toBe(false);
    expect(mayNavigateTo('file:///etc/passwd')).toBe(false);
    expect(mayNavigateTo('not a url')).toBe(false);
  });

  it('grants a permission request for audio capture from the app’s page only', () => {
    expect(allowsPermissionRequest({ permission: 'media', requestingUrl: PAGE, mediaTypes: ['audio'] })).toBe(true);
    expect(allowsPermissionRequest({ permission: 'media', requestingUrl: PAGE, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(allowsPermissionRequest({ permission: 'media', requestingUrl: PAGE, mediaTypes: ['video'] })).toBe(false);
    expect(allowsPermissionRequest({ permission: 'media', requestingUrl: PAGE })).toBe(false);
    expect(allowsPermissionRequest({ permission: 'media', requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] })).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'display-capture', 'clipboard-read', 'openExternal']) {
      expect(allowsPermissionRequest({ permission, requestingUrl: PAGE, mediaTypes: ['audio'] }), permission).toBe(false);
    }
  });

  it('answers permission checks with the same rule', () => {
    expect(allowsPermissionCheck({ permission: 'media', requestingOrigin: 'app://emotionthinker', mediaType: 'audio' })).toBe(true);
    expect(allowsPermissionCheck({ permission: 'media', requestingOrigin: 'app://emotionthinker', mediaType: 'video' })).toBe(false);
    expect(allowsPermissionCheck({ permission: 'media', requestingOrigin: 'app://emotionthinker', mediaType: 'unknown' })).toBe(false);
    expect(allowsPermissionCheck({ permission: 'media', requestingOrigin: 'null', mediaType: 'audio' })).toBe(false);
    expect(allowsPermissionCheck({ permission: 'geolocation', requestingOrigin: 'app://emotionthinker' })).toBe(false);
  });
});
