// `npm start`: the Electron app where an Electron binary exists (or can be fetched); otherwise the
// same app as a local host process plus the system Chromium in app mode. Both use the same
// main-process services and the same renderer build (dist/).
import { spawn } from 'node:child_process';
import { locateElectron } from './electron-binary.mjs';

const electron = locateElectron();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
let command;
let args;
if (electron.path && !noDisplay) {
  command = electron.path;
  args = ['.', ...process.argv.slice(2)];
} else {
  const why = electron.path ? 'no display for Electron (DISPLAY is unset)' : electron.reason;
  console.log(`Electron is not available here (${why}); starting the browser host with the system Chromium instead.`);
  command = process.execPath;
  args = ['dist/main/browser-host.mjs', ...process.argv.slice(2)];
}
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
