// Hardening every web contents the app creates (Electron's security checklist): no navigation away
// from the app, no new windows, external links only to an allow-list and only in the OS browser,
// permissions only for what the app uses (the microphone, for recording).
import { app, session, shell, type WebContents } from 'electron';
import { APP_ORIGIN } from './channels';
import { isAllowedExternalUrl } from './external-links';

export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (new URL(url).origin !== APP_ORIGIN) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => {
    const fromApp = new URL(contents.getURL()).origin === APP_ORIGIN;
    callback(fromApp && permission === 'media');
  });
}
