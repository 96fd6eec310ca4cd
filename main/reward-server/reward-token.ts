// The reward server's bearer token: given by the environment (EMOTIONTHINKER_REWARD_TOKEN) so a
// launcher can set both ends, or drawn at random and written to a file only its owner can read.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const TOKEN_ENV = 'EMOTIONTHINKER_REWARD_TOKEN';

/** 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes the token with mode 0600 (chmod as well: an existing file keeps its old mode on write). */
export function writeTokenFile(file: string, token: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}
