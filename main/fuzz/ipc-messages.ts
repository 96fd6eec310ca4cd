// Seeded IPC messages: WebSocket text frames (envelopes and payloads near the contract's schemas,
// malformed JSON, wrong types, huge strings, unknown channels, prototype-pollution keys, deep nesting)
// and structured-clone values handed straight to the router, as Electron's ipcMain hands them over
// (Maps, Dates, BigInts, typed arrays, cycles — nothing JSON could carry).
import { requestContract } from '../../shared/ipc/contract';
import { damage, envelope, nested, POLLUTION, UNKNOWN_CHANNELS } from './ipc-message-text';
import { payloadSchemas, randomJson, stringFor, structuredValue, valueFor, WEIRD_NUMBERS } from './ipc-payload-values';
import { Rng } from './rng';

export type MessageCase = { via: 'ws'; text: string; label: string } | { via: 'router'; channel: unknown; payload: unknown; label: string };

const CHANNELS = Object.keys(requestContract);

export function makeMessageCase(runSeed: number, index: number): MessageCase {
  const rng = new Rng(runSeed, 'ipc-message', index);
  const id = index + 1;
  const channel = rng.pick(CHANNELS);
  const schema = payloadSchemas().get(channel) ?? {};
  const ws = (value: unknown, label: string): MessageCase => ({ via: 'ws', text: JSON.stringify(value), label });
  return rng.weighted<() => MessageCase>([
    [30, () => ws(envelope(rng, channel, valueFor(schema, rng), id), `near-valid ${channel}`)],
    [10, () => ws(envelope(rng, channel, randomJson(rng, 3), id), `wrong-typed payload ${channel}`)],
    [
      8,
      () => {
        const name = rng.chance(0.6)
          ? rng.pick(UNKNOWN_CHANNELS)
          : rng.chance(0.5)
            ? stringFor({ maxLength: 80 }, rng)
            : randomJson(rng, 1);
        return ws(envelope(rng, name, {}, id), 'unknown channel');
      },
    ],
    [
      8,
      () => {
        const lies: [string, () => Record<string, unknown>][] = [
          ['kind', () => ({ kind: rng.pick(['response', 'event', 'REQUEST', '', null, 1]), id, channel, payload: {} })],
          [
            'id-type',
            () => ({ kind: 'request', id: rng.pick(['1', -1, 1.5, 2 ** 53 + 2, 1e300, null, [], {}, true]), channel, payload: {} }),
          ],
          ['no-id', () => ({ kind: 'request', channel, payload: {} })],
          ['no-channel', () => ({ kind: 'request', id, payload: {} })],
          ['channel-type', () => ({ kind: 'request', id, channel: rng.pick([1, null, [], {}, true, ['settings.get']]), payload: {} })],
          ['long-channel', () => ({ kind: 'request', id, channel: `${channel}${'x'.repeat(rng.range(150, 20_000))}`, payload: {} })],
          ['extra-keys', () => ({ kind: 'request', id, channel, payload: {}, extra: randomJson(rng, 2), __proto__x: 1 })],
        ];
        const [name, make] = rng.pick(lies);
        const value = make();
        return ws(value, `envelope lie: ${name}`);
      },
    ],
    [
      10,
      () => {
        const [text, kind] = damage(JSON.stringify(envelope(rng, channel, valueFor(schema, rng), id)), rng);
        return { via: 'ws', text, label: `malformed JSON: ${kind}` };
      },
    ],
    [
      3,
      () => {
        const text = rng.pick([
          'null',
          '1',
          '"x"',
          '[]',
          'true',
          '{}',
          '',
          ' ',
          '[{"kind":"request","id":1,"channel":"settings.get","payload":{}}]',
          '1e400',
          '-0',
        ]);
        return { via: 'ws', text, label: 'not an envelope' };
      },
    ],
    [
      8,
      () => {
        const text = rng.pick(POLLUTION);
        const where = rng.pick(['top', 'payload', 'nested'] as const);
        const body =
          where === 'top'
            ? `{"kind":"request","id":${id},"channel":"${channel}","payload":{},${text.slice(1, -1)}}`
            : where === 'payload'
              ? `{"kind":"request","id":${id},"channel":"${channel}","payload":${text}}`
              : `{"kind":"request","id":${id},"channel":"${channel}","payload":{"search":${text},"theme":${text}}}`;
        return { via: 'ws', text: body, label: `prototype pollution (${where})` };
      },
    ],
    [
      5,
      () => {
        const depth = rng.pick([100, 1000, 5000, 20_000, 100_000, 500_000]);
        const object = rng.chance(0.5);
        return {
          via: 'ws',
          text: `{"kind":"request","id":${id},"channel":"${channel}","payload":${nested(depth, object)}}`,
          label: `nesting ${depth} (${object ? 'objects' : 'arrays'})`,
        };
      },
    ],
    [
      3,
      () => {
        const size = rng.pick([64 * 1024, 1024 ** 2, 4 * 1024 ** 2, 5_600_001, 8 * 1024 ** 2 - 200, 8 * 1024 ** 2 + 1]);
        const field = rng.pick(['payload', 'channel', 'search', 'dataBase64'] as const);
        const unit = rng.pick(['A', '\u00e9', '\\u0000', '\\"']); // 1, 2, 6 and 2 bytes of UTF-8
        const big = unit.repeat(Math.ceil(size / Buffer.byteLength(unit)));
        const text =
          field === 'channel'
            ? `{"kind":"request","id":${id},"channel":"${big}","payload":{}}`
            : field === 'payload'
              ? `{"kind":"request","id":${id},"channel":"${channel}","payload":"${big}"}`
              : field === 'search'
                ? `{"kind":"request","id":${id},"channel":"library.list","payload":{"search":"${big}"}}`
                : `{"kind":"request","id":${id},"channel":"import.chunk","payload":{"uploadId":"${'0'.repeat(36)}","offset":0,"dataBase64":"${big}"}}`;
        return { via: 'ws', text, label: `huge string (${field}, ${Math.round(text.length / 1024)} KiB)` };
      },
    ],
    [
      4,
      () => {
        const value = rng.pick(WEIRD_NUMBERS);
        const text = `{"kind":"request","id":${id},"channel":"${channel}","payload":{"offset":${rng.pick(['1e400', '-1e400', '1e-400', '-0', '123456789012345678901234567890', String(value)])},"limit":${value}}}`;
        return { via: 'ws', text, label: 'number edges' };
      },
    ],
    [
      11,
      () => ({
        via: 'router',
        channel: rng.chance(0.9) ? channel : rng.pick([...UNKNOWN_CHANNELS, 1, null]),
        payload: structuredValue(rng, schema, 0),
        label: `router value ${channel}`,
      }),
    ],
  ])();
}
