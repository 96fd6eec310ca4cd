// Electron entry: the desktop shell around the same services the browser host runs.
import { app, BrowserWindow, safeStorage } from 'electron';
import { electronPdfPrinter } from './electron-pdf-printer';
import { join } from 'node:path';
import { createAppServices, type AppServices } from '../host/app-services';
import { PRODUCT_NAME } from '../host/paths';
import { useElectronWorkerLauncher } from '../system/worker-process';
import { registerAppSchemeAsPrivileged, serveRendererOverAppProtocol } from './app-protocol';
import { APP_ORIGIN } from './channels';
import { attachElectronTransport } from './ipc-transport';
import { hardenWebContents } from './security';
import { quitAfterShutdown } from './quit-after-shutdown';
import { launchUtilityWorker } from './utility-worker';

// dist/main/electron-main.cjs → the app root is two levels up (inside app.asar when packaged).
const appRoot = join(__dirname, '..', '..');
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(appRoot, 'resources');

registerAppSchemeAsPrivileged();
app.setName(PRODUCT_NAME);
// Training, EmotionCoT builds and evaluations run as utility processes here: the runAsNode fuse is
// off in the packaged app, so the app binary cannot be forked as Node.
useElectronWorkerLauncher(launchUtilityWorker);

let services: AppServices | null = null;
const windows = new Set<BrowserWindow>();

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    title: PRODUCT_NAME,
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  windows.add(window);
  window.on('closed', () => windows.delete(window));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(() => {
  hardenWebContents();
  serveRendererOverAppProtocol(join(appRoot, 'dist', 'renderer'));
  services = createAppServices({
    appName: PRODUCT_NAME,
    appVersion: app.getVersion(),
    hostKind: 'electron',
    electronVersion: process.versions.electron ?? null,
    dataDir: app.getPath('userData'),
    resourcesDir,
    // The library key of an encrypted library is kept in the OS keychain (issue 14); safeStorage is
    // usable only once the app is ready, which it is here.
    keychain: safeStorage,
    // The report prints to PDF without the print dialog (printToPDF in a hidden window).
    pdf: electronPdfPrinter,
  });
  attachElectronTransport(services.router, services.events, () => [...windows].map((w) => w.webContents));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quitting (the last window closed, Cmd+Q, SIGTERM) waits for recordings to be finalised, the
// workers and this thread's onnxruntime calls to stop and the database to close.
quitAfterShutdown(app, () => services?.shutdown() ?? null);
