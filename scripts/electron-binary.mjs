// Where the Electron binary is, fetching it once if the npm package has not yet (Electron 45 downloads
// lazily). Returns {path} or {reason} — never throws — so callers can fall back to the browser host.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function locateElectron({ allowDownload = true } = {}) {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron npm package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const binary = () => (existsSync(pathFile) ? join(packageDir, 'dist', readFileSync(pathFile, 'utf8')) : null);
  const found = binary();
  if (found && existsSync(found)) return { path: found };
  if (!allowDownload) return { reason: 'no Electron binary has been downloaded into node_modules/electron' };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return { reason: 'no Electron binary, and ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  }
  const install = spawnSync(process.execPath, [join(packageDir, 'install.js')], { encoding: 'utf8', timeout: 300_000 });
  const after = binary();
  if (install.status === 0 && after && existsSync(after)) return { path: after };
  const firstError = `${install.stderr ?? ''}`.split('\n').find((line) => line.trim() && !line.trim().startsWith('at ')) ?? 'unknown error';
  return { reason: `the Electron binary could not be downloaded (${firstError.trim()})` };
}
