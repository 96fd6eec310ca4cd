// Serves the built renderer from app://emotionthinker/ instead of file:// (a file:// page can read
// any local file and has an opaque origin; a standard secure scheme gets a real origin and a CSP).
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../host/content-security-policy';
import { resolveStaticFile } from '../host/static-files';

export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function serveRendererOverAppProtocol(rendererDir: string): void {
  const csp = contentSecurityPolicy();
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const found = url.host === 'emotionthinker' ? resolveStaticFile(rendererDir, url.pathname) : null;
    if (!found) return new Response('Not found', { status: 404 });
    const fileResponse = await net.fetch(pathToFileURL(found.file).toString());
    return new Response(fileResponse.body, {
      status: 200,
      headers: { 'Content-Type': found.contentType, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}
