// Hardening every web contents the app creates (Electron's security checklist): no navigation or
// redirect away from the app, no new windows, external links only to an allow-list and only in the
// OS browser, permissions only for what the app uses (the microphone, for recording), in both of
// Chromium's permission paths. The decisions live in web-contents-policy.ts, unit-tested.
import { app, session, shell, type WebContents } from 'electron';
import { isAllowedExternalUrl } from './external-links';
import { allowsPermissionCheck, allowsPermissionRequest, mayNavigateTo } from './web-contents-policy';

export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event) => {
      if (!mayNavigateTo(event.url)) event.preventDefault();
    });
    // A server-side redirect (from a link the page may follow) must not take it out of the app either.
    contents.on('will-redirect', (event) => {
      if (!mayNavigateTo(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(allowsPermissionRequest({ permission, requestingUrl: details.requestingUrl, mediaTypes }));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowsPermissionCheck({ permission, requestingOrigin, mediaType: details.mediaType }),
  );
}
