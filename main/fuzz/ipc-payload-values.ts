// Payload values for the IPC fuzzer (issue 16: split out of ipc-messages.ts): values near each
// channel's schema (zod's JSON Schema conversion), any JSON, weird strings and numbers, and the
// structured-clone values Electron's ipcMain could hand over (Maps, Dates, BigInts, typed arrays, cycles).
import { z } from 'zod';
import { requestContract } from '../../shared/ipc/contract';
import type { Rng } from './rng';

/** The part of JSON Schema the generators read. */
export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  format?: string;
};

let schemas: Map<string, JsonSchema> | undefined;

/** The JSON Schema of each channel's payload (zod's own conversion), for payloads near the valid ones. */
export function payloadSchemas(): Map<string, JsonSchema> {
  if (!schemas) {
    schemas = new Map();
    for (const [channel, spec] of Object.entries(requestContract)) {
      try {
        schemas.set(channel, z.toJSONSchema(spec.payload as z.ZodType, { unrepresentable: 'any', io: 'input' }) as JsonSchema);
      } catch {
        schemas.set(channel, {});
      }
    }
  }
  return schemas;
}

export const WEIRD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '\uDFFF\uD800',
  '‮evil',
  '../../etc/passwd',
  '/dev/zero',
  'C:\\Windows\\win.ini',
  '\\\\?\\C:\\',
  '%00',
  '=HYPERLINK("http://x")',
  '+1',
  '@SUM(A1)',
  '\t=1',
  '<script>alert(1)</script>',
  "'; DROP TABLE recordings; --",
  '${7*7}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  'null',
  'undefined',
  '😀'.repeat(40),
];

export const WEIRD_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e-320,
  1e21,
  4e9,
];

function uuid(rng: Rng): string {
  const hex = [...rng.bytes(16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function stringFor(schema: JsonSchema, rng: Rng): string {
  if (schema.pattern?.includes('[0-9a-f-]{36}')) return uuid(rng);
  if (schema.pattern?.includes('A-Za-z0-9+/')) return Buffer.from(rng.bytes(rng.smallLength(3000))).toString('base64');
  if (rng.chance(0.3)) return rng.pick(WEIRD_STRINGS);
  const max = Math.min(schema.maxLength ?? 40, 300);
  const min = Math.min(schema.minLength ?? 0, max);
  const n = rng.range(min, max);
  return Array.from({ length: n }, () => String.fromCharCode(rng.chance(0.9) ? rng.range(0x20, 0x7e) : rng.range(0xa0, 0x2fff))).join('');
}

function numberFor(schema: JsonSchema, rng: Rng, integer: boolean): number {
  const lo = schema.minimum ?? schema.exclusiveMinimum ?? (integer ? -1000 : -1e6);
  const hi = Math.min(schema.maximum ?? schema.exclusiveMaximum ?? (integer ? 100_000 : 1e6), 1e15);
  if (rng.chance(0.15)) return rng.pick([lo, hi, lo - 1, hi + 1]);
  const v = lo + rng.float() * (Math.max(hi, lo) - lo);
  return integer ? Math.round(v) : v;
}

/** A value for a JSON Schema: usually valid, with a small chance per node of being wrong. */
export function valueFor(schema: JsonSchema, rng: Rng, depth = 0): unknown {
  if (depth > 12) return null;
  if (rng.chance(0.04)) return randomJson(rng, 2);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return rng.pick(schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) return valueFor(rng.pick(union), rng, depth + 1);
  if (schema.allOf?.length) return valueFor(schema.allOf[0]!, rng, depth + 1);
  const type = Array.isArray(schema.type) ? rng.pick(schema.type) : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema, rng);
    case 'integer':
      return numberFor(schema, rng, true);
    case 'number':
      return numberFor(schema, rng, false);
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = Math.min(schema.maxItems ?? 8, min + 8);
      if (schema.prefixItems) return schema.prefixItems.map((item) => valueFor(item, rng, depth + 1));
      return Array.from({ length: rng.range(min, max) }, () => valueFor(schema.items ?? {}, rng, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        const required = schema.required?.includes(key);
        if (required ? rng.chance(0.97) : rng.chance(0.5)) out[key] = valueFor(sub, rng, depth + 1);
      }
      if (rng.chance(0.05)) out[rng.pick(['extra', '__proto__', 'constructor', 'then'])] = randomJson(rng, 1);
      return out;
    }
    default:
      return randomJson(rng, 2);
  }
}

/** Any JSON value, nested up to `depth`. */
export function randomJson(rng: Rng, depth: number): unknown {
  const kind = rng.int(depth > 0 ? 7 : 5);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.chance(0.5) ? rng.pick(WEIRD_NUMBERS) : rng.range(-1000, 1000);
    case 3:
      return rng.pick(WEIRD_STRINGS);
    case 4:
      return stringFor({}, rng);
    case 5:
      return Array.from({ length: rng.int(5) }, () => randomJson(rng, depth - 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(5); i > 0; i--)
        out[rng.chance(0.2) ? rng.pick(WEIRD_STRINGS) : stringFor({ maxLength: 12 }, rng)] = randomJson(rng, depth - 1);
      return out;
    }
  }
}

/** A value Electron's structured clone could deliver, starting from a near-valid payload. */
export function structuredValue(rng: Rng, schema: JsonSchema, depth: number): unknown {
  const base = valueFor(schema, rng);
  const odd = (): unknown =>
    rng.pick<() => unknown>([
      () => new Map([['theme', 'dark']]),
      () => new Set([1, 2]),
      () => new Date(rng.chance(0.5) ? Number.NaN : rng.u32() * 1000),
      () => /x/g,
      () => BigInt(rng.u32()) * 2n ** 40n,
      () => new Float32Array(rng.int(16)),
      () => new Uint8Array(rng.bytes(rng.int(64))),
      () => new ArrayBuffer(rng.int(64)),
      () => Object.assign(Object.create(null) as object, { theme: 'dark' }),
      () => new Error('hi'),
      () => Number.NaN,
      () => Number.POSITIVE_INFINITY,
      () => undefined,
      // eslint-disable-next-line no-sparse-arrays -- a sparse array is one of the hostile payloads
      () => [, , 1],
      () => {
        const cycle: Record<string, unknown> = { name: 'x' };
        cycle.self = cycle;
        return cycle;
      },
      () => {
        let v: unknown = 1;
        for (let i = 0; i < rng.pick([100, 5000, 50_000]); i++) v = [v];
        return v;
      },
      () => 'x'.repeat(rng.pick([10_000, 1_000_000, 6_000_000])),
    ])();
  if (depth > 0 || rng.chance(0.3)) return odd();
  if (base && typeof base === 'object' && !Array.isArray(base)) {
    const keys = Object.keys(base);
    const out = { ...(base as Record<string, unknown>) };
    out[keys.length && rng.chance(0.7) ? rng.pick(keys) : 'extra'] = odd();
    return out;
  }
  return base;
}
