// Where the app keeps its files. The browser host uses the same per-user folder Electron's
// app.getPath('userData') gives, so both ways of starting the app see the same library.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const PRODUCT_NAME = 'EmotionThinker';

/** Electron's userData location for PRODUCT_NAME on each platform. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.EMOTIONTHINKER_DATA_DIR) return resolve(env.EMOTIONTHINKER_DATA_DIR);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

/** The app's database file inside a data folder. */
export function databasePath(dataDir: string): string {
  return join(dataDir, 'emotionthinker.sqlite');
}
