// The app without Electron: the same main-process services behind a loopback HTTP + WebSocket
// server, with the system Chromium opened in app mode on it. Used where no Electron binary exists
// (like this project's CI machine) and by the end-to-end tests.
//   node dist/main/browser-host.mjs [--port N] [--no-browser] [--data-dir DIR] [--resources-dir DIR]
// Prints one JSON line {"event":"ready","url","appUrl","sessionFile","dataDir"} on stdout when it is
// listening; appUrl (url + #code=…) is the address to open by hand, once. The token itself is in
// nobody's command line and in no printed line: see session-handover.ts.
import { randomBytes } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { attachWebSocketTransport } from '../ipc/websocket-transport';
import { createAppServices } from './app-services';
import { findChromium, launchChromiumApp } from './chromium';
import { chromiumPdfPrinter, pdfScratchDir } from './chromium-pdf-printer';
import { contentSecurityPolicy } from './content-security-policy';
import { defaultDataDir, PRODUCT_NAME } from './paths';
import { createSessionHandover, type SessionHandover } from './session-handover';
import { resolveStaticFile } from './static-files';
import { describeError } from '../../shared/errors/coded-error';

// Both the bundle (dist/main/) and the TypeScript source (main/host/) sit two levels below the root.
const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'no-browser': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      // Another resources folder (models, graphs, calibration): for tests and for trying a model set.
      'resources-dir': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();
  const rendererDir = join(projectRoot, 'dist', 'renderer');
  const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };

  // The report prints to PDF through the system Chromium, headless, where one is installed.
  const printerChromium = findChromium();
  const services = createAppServices({
    appName: PRODUCT_NAME,
    appVersion: packageJson.version,
    hostKind: 'browser',
    electronVersion: null,
    dataDir,
    resourcesDir: values['resources-dir'] ? resolve(values['resources-dir']) : join(projectRoot, 'resources'),
    ...(printerChromium
      ? {
          pdf: chromiumPdfPrinter(printerChromium, pdfScratchDir(), {
            noSandbox: typeof process.getuid === 'function' && process.getuid() === 0,
          }),
        }
      : {}),
  });

  const token = randomBytes(32).toString('base64url');
  let csp = contentSecurityPolicy();
  let handover: SessionHandover | null = null; // set once the port, hence the app's origin, is known
  const server = createServer((request, response) => {
    if (handover?.handle(request, response)) return;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const found = resolveStaticFile(rendererDir, request.url ?? '/');
    if (!found) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': found.contentType,
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(found.file).pipe(response);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  const origin = `http://127.0.0.1:${address.port}`;
  csp = contentSecurityPolicy([`ws://127.0.0.1:${address.port}`]);
  handover = createSessionHandover({ runDir: join(dataDir, 'browser-host'), appOrigin: origin, token });
  const transport = attachWebSocketTransport({ server, token, allowedOrigins: [origin], router: services.router, events: services.events });

  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    await transport.close();
    server.close();
    handover?.dispose();
    await services.shutdown();
    process.exit(code);
  };
  // A second signal while shutting down means "now": exit without waiting (128 + the signal's number).
  const onSignal = (codeIfRepeated: number) => (shuttingDown ? process.exit(codeIfRepeated) : void shutdown(0));
  process.on('SIGINT', () => onSignal(130));
  process.on('SIGTERM', () => onSignal(143));

  // appUrl opens the app once; url alone opens a page that can only say it lacks its code.
  const appUrl = handover.addressToPrint();
  process.stdout.write(`${JSON.stringify({ event: 'ready', url: origin, appUrl, sessionFile: handover.sessionFile, dataDir })}\n`);

  if (!values['no-browser']) {
    const chromium = findChromium();
    if (!chromium) {
      console.error(`No Chromium found; open ${appUrl} in a Chromium-family browser.`);
      return;
    }
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
      console.error(`No display to open a window on (DISPLAY is unset); open ${appUrl} in Chromium.`);
      return;
    }
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const browser = launchChromiumApp({
      executable: chromium,
      url: handover.windowLaunchUrl(),
      profileDir: join(dataDir, 'browser-profile'),
      noSandbox: isRoot,
    });
    browser.on('exit', () => {
      // Closing the window is how the user quits: say so, rather than exit without a word.
      console.error('EmotionThinker window closed; the host has stopped.');
      void shutdown(0);
    });
  }
}

main().catch((error: unknown) => {
  console.error(`EmotionThinker host failed to start: ${describeError(error)}`);
  process.exit(1);
});
