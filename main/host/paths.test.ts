import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databasePath, defaultDataDir } from './paths';

describe('the data folder', () => {
  it('matches the folder Electron would use on each platform', () => {
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.config', 'EmotionThinker'));
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/EmotionThinker');
    expect(defaultDataDir({ APPDATA: 'C:/Users/a/AppData/Roaming' }, 'win32')).toBe(join('C:/Users/a/AppData/Roaming', 'EmotionThinker'));
    expect(defaultDataDir({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'EmotionThinker'));
  });

  it('can be moved with EMOTIONTHINKER_DATA_DIR', () => {
    expect(defaultDataDir({ EMOTIONTHINKER_DATA_DIR: '/tmp/et' }, 'linux')).toBe('/tmp/et');
    expect(databasePath('/tmp/et')).toBe('/tmp/et/emotionthinker.sqlite');
  });
});
