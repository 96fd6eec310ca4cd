import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from './external-links';

describe('isAllowedExternalUrl', () => {
  it('allows https links to allow-listed hosts and their subdomains', () => {
    expect(isAllowedExternalUrl('https://github.com/emotionthinker')).toBe(true);
    expect(isAllowedExternalUrl('https://www.creativecommons.org/licenses/by-nc-sa/4.0/')).toBe(true);
  });

  it('refuses other schemes, look-alike hosts, credentials and garbage', () => {
    expect(isAllowedExternalUrl('http://github.com/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('https://github.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://evilgithub.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@github.com/')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
  });
});
