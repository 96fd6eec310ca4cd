// Text-level IPC messages (issue 16: split out of ipc-messages.ts): request envelopes, JSON damaged
// on the way, prototype-pollution keys, unknown channel names and deep nesting.
import type { Rng } from './rng';

export function nested(depth: number, object: boolean): string {
  return object ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

export const POLLUTION = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":{"__proto__":{"polluted":"yes"}}}',
  '{"a":{"__proto__":{"polluted":"yes"}},"b":[{"__proto__":{"isAdmin":true}}]}',
  '{"__proto__":null}',
  '{"__proto__":[]}',
  '{"toString":"x","valueOf":1,"hasOwnProperty":null}',
];

export const UNKNOWN_CHANNELS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'settings',
  'settings.',
  '.get',
  'settings.get ',
  ' settings.get',
  'SETTINGS.GET',
  'settings.get\u0000',
  'settings/get',
  'settings.get.x',
  'system.getInfo.__proto__',
  '',
  '😀.😀',
];

export function envelope(rng: Rng, channel: unknown, payload: unknown, id: unknown): Record<string, unknown> {
  const env: Record<string, unknown> = { kind: 'request', id, channel, payload };
  if (rng.chance(0.05)) delete env.payload;
  return env;
}

/** JSON text, sometimes damaged on the way: cut short, a byte changed, a trailing comma, a BOM. */
export function damage(text: string, rng: Rng): [string, string] {
  const kind = rng.pick(['cut', 'char', 'comma', 'bom', 'comment', 'nan', 'single-quotes', 'dup-key'] as const);
  switch (kind) {
    case 'cut':
      return [text.slice(0, rng.int(text.length)), kind];
    case 'char': {
      const at = rng.int(text.length);
      return [text.slice(0, at) + String.fromCharCode(rng.range(0, 0xffff)) + text.slice(at + 1), kind];
    }
    case 'comma':
      return [text.replace(/}$/, ',}'), kind];
    case 'bom':
      return [`\uFEFF${text}`, kind];
    case 'comment':
      return [`/* x */${text}`, kind];
    case 'nan':
      return [text.replace(/\d+/, 'NaN'), kind];
    case 'single-quotes':
      return [text.replace(/"/g, "'"), kind];
    case 'dup-key':
      return [text.replace(/^\{/, '{"id":-1,"kind":"response",'), kind];
  }
}
