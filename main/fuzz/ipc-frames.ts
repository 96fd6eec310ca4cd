// Seeded raw WebSocket traffic (RFC 6455) for the transport fuzzer: sequences of client frames built
// well and then broken (opcode, RSV bits, mask, length fields that lie, fragments, control frames in
// the wrong place, invalid UTF-8, close codes), the hostile frames of main/ipc/testing, raw garbage,
// bytes split over many TCP writes, and handshakes with their fields mutated.
import { hostileFrames } from '../ipc/testing/hostile-frames';
import { Rng } from './rng';

export type FrameCase =
  | { kind: 'frames'; writes: Buffer[]; label: string }
  | {
      kind: 'handshake';
      request: Buffer;
      /** Token, Origin and path are the app's: the only handshakes that may be upgraded. */
      admissible: boolean;
      /** A request RFC 6455 accepts (method, version, key, headers within Node's limits): admissible + well-formed must be upgraded. */
      wellFormed: boolean;
      label: string;
    };

interface FrameSpec {
  fin: boolean;
  rsv: number;
  opcode: number;
  payload: Buffer;
  mask?: Buffer | null;
  /** 'min' (RFC), or a longer length encoding than needed (non-minimal, which RFC 6455 forbids). */
  lengthForm?: 'min' | '16' | '64';
  /** Length written in the header instead of the payload's. */
  declaredLength?: bigint;
}

export function encodeFrame(spec: FrameSpec): Buffer {
  const mask = spec.mask === undefined ? randomMask(spec) : spec.mask;
  const length = spec.declaredLength ?? BigInt(spec.payload.length);
  const form = spec.lengthForm ?? 'min';
  let lengthBytes: Buffer;
  const maskBit = mask ? 0x80 : 0;
  if (form === 'min' && length < 126n) lengthBytes = Buffer.from([maskBit | Number(length)]);
  else if ((form === 'min' || form === '16') && length < 65_536n) {
    lengthBytes = Buffer.alloc(3);
    lengthBytes[0] = maskBit | 126;
    lengthBytes.writeUInt16BE(Number(length), 1);
  } else {
    lengthBytes = Buffer.alloc(9);
    lengthBytes[0] = maskBit | 127;
    lengthBytes.writeBigUInt64BE(BigInt.asUintN(64, length), 1);
  }
  const first = (spec.fin ? 0x80 : 0) | ((spec.rsv & 7) << 4) | (spec.opcode & 0x0f);
  const body = mask ? Buffer.from(spec.payload.map((b, i) => b ^ mask[i % 4]!)) : spec.payload;
  return Buffer.concat([Buffer.from([first]), lengthBytes, ...(mask ? [mask] : []), body]);
}

// The mask is part of the input: derive it from the payload so cases stay reproducible.
function randomMask(spec: FrameSpec): Buffer {
  const m = Buffer.alloc(4);
  m.writeUInt32BE((spec.payload.length * 2654435761 + spec.opcode * 40503) >>> 0);
  return m;
}

const INVALID_UTF8 = [
  [0xff],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xc3],
  [0xe2, 0x82],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
];
const CLOSE_CODES = [
  0, 999, 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1014, 1015, 1016, 2999, 3000, 3999, 4000, 4999,
  5000, 65535,
];

function closePayload(rng: Rng): Buffer {
  if (rng.chance(0.1)) return Buffer.from([rng.int(256)]); // a 1-byte close body is a protocol error
  const code = Buffer.alloc(2);
  code.writeUInt16BE(rng.pick(CLOSE_CODES));
  const reason = rng.chance(0.3) ? Buffer.from(rng.pick(INVALID_UTF8)) : Buffer.from('bye'.repeat(rng.int(50)));
  return Buffer.concat([code, reason]).subarray(0, rng.chance(0.9) ? 125 : 200);
}

function request(rng: Rng, id: number): Buffer {
  const channel = rng.pick(['settings.get', 'system.getInfo', 'library.list', 'nope.nothing']);
  return Buffer.from(JSON.stringify({ kind: 'request', id, channel, payload: {} }));
}

/** A well-formed frame of one kind. */
function goodFrame(rng: Rng, id: number): FrameSpec[] {
  return rng.weighted<() => FrameSpec[]>([
    [4, () => [{ fin: true, rsv: 0, opcode: 1, payload: request(rng, id) }]],
    [
      1,
      () => [
        {
          fin: true,
          rsv: 0,
          opcode: 1,
          payload: Buffer.from(Array.from({ length: rng.smallLength(500) }, () => String.fromCharCode(rng.range(0x20, 0x7e))).join('')),
        },
      ],
    ],
    [1, () => [{ fin: true, rsv: 0, opcode: 2, payload: Buffer.from(rng.bytes(rng.smallLength(2000))) }]],
    [2, () => [{ fin: true, rsv: 0, opcode: 9, payload: Buffer.from(rng.bytes(rng.int(126))) }]],
    [1, () => [{ fin: true, rsv: 0, opcode: 10, payload: Buffer.from(rng.bytes(rng.int(126))) }]],
    [1, () => [{ fin: true, rsv: 0, opcode: 8, payload: closePayload(rng) }]],
    [
      3,
      () => {
        // A fragmented request, maybe with a ping between its fragments (allowed) and a character split across fragments.
        const text = Buffer.concat([request(rng, id).subarray(0, -1), Buffer.from(`,"x":"é😀"}`)]);
        const cuts = [...new Set(Array.from({ length: rng.range(1, 4) }, () => rng.range(1, text.length - 1)))].sort((a, b) => a - b);
        const parts = [0, ...cuts, text.length].slice(1).map((end, i, ends) => text.subarray(i === 0 ? 0 : ends[i - 1], end));
        const frames: FrameSpec[] = parts.map((part, i) => ({
          fin: i === parts.length - 1,
          rsv: 0,
          opcode: i === 0 ? 1 : 0,
          payload: part,
        }));
        if (rng.chance(0.3)) frames.splice(rng.range(1, frames.length), 0, { fin: true, rsv: 0, opcode: 9, payload: Buffer.from('mid') });
        return frames;
      },
    ],
  ])();
}

/** One change to a frame's fields that usually breaks it. */
function breakFrame(spec: FrameSpec, rng: Rng): [FrameSpec, string] {
  const kind = rng.pick([
    'opcode',
    'rsv',
    'unmasked',
    'fin',
    'length-short',
    'length-long',
    'length-huge',
    'length-form',
    'utf8',
    'payload',
    'control-long',
  ] as const);
  switch (kind) {
    case 'opcode':
      return [{ ...spec, opcode: rng.int(16) }, kind];
    case 'rsv':
      return [{ ...spec, rsv: rng.range(1, 7) }, kind];
    case 'unmasked':
      return [{ ...spec, mask: null }, kind];
    case 'fin':
      return [{ ...spec, fin: !spec.fin }, kind];
    case 'length-short':
      return [{ ...spec, declaredLength: BigInt(rng.int(Math.max(1, spec.payload.length))) }, kind];
    case 'length-long':
      return [{ ...spec, declaredLength: BigInt(spec.payload.length + rng.range(1, 70_000)) }, kind];
    case 'length-huge':
      return [
        {
          ...spec,
          declaredLength: rng.pick([2n ** 63n, 2n ** 64n - 1n, 2n ** 53n, 2n ** 32n, BigInt(8 * 1024 ** 2 + 1), BigInt(8 * 1024 ** 2)]),
          lengthForm: '64',
        },
        kind,
      ];
    case 'length-form':
      return [{ ...spec, lengthForm: rng.pick(['16', '64'] as const) }, kind];
    case 'utf8': {
      const bad = Buffer.from(rng.pick(INVALID_UTF8));
      const at = rng.int(spec.payload.length + 1);
      return [
        {
          ...spec,
          opcode: spec.opcode === 2 ? 1 : spec.opcode,
          payload: Buffer.concat([spec.payload.subarray(0, at), bad, spec.payload.subarray(at)]),
        },
        kind,
      ];
    }
    case 'payload': {
      const payload = Buffer.from(spec.payload);
      for (let i = rng.range(1, 8); i > 0 && payload.length; i--) payload[rng.int(payload.length)] ^= 1 << rng.int(8);
      return [{ ...spec, payload }, kind];
    }
    case 'control-long':
      return [{ ...spec, opcode: rng.pick([8, 9, 10]), payload: Buffer.from(rng.bytes(rng.range(126, 1000))) }, kind];
  }
}

/** The bytes, sometimes split over several writes at random points (the parser must reassemble them). */
function split(bytes: Buffer, rng: Rng): Buffer[] {
  if (bytes.length < 2 || rng.chance(0.6)) return [bytes];
  const cuts = [...new Set(Array.from({ length: rng.range(1, 10) }, () => rng.range(1, bytes.length - 1)))].sort((a, b) => a - b);
  return [0, ...cuts].map((start, i, all) => bytes.subarray(start, all[i + 1] ?? bytes.length));
}

function handshake(rng: Rng, port: number, token: string): FrameCase {
  const origin = `http://127.0.0.1:${port}`;
  const tokenVariant = rng.weighted([
    [4, 'exact'],
    [1, 'missing'],
    [1, 'wrong'],
    [1, 'prefix'],
    [1, 'longer'],
    [1, 'case'],
    [1, 'encoded'],
    [1, 'second'],
  ] as const);
  const originVariant = rng.weighted([
    [4, 'exact'],
    [1, 'missing'],
    [1, 'null'],
    [1, 'other-port'],
    [1, 'localhost'],
    [1, 'https'],
    [1, 'evil'],
    [1, 'twice'],
  ] as const);
  const shape = rng.weighted([
    [4, 'good'],
    [1, 'no-key'],
    [1, 'bad-key'],
    [1, 'version-8'],
    [1, 'post'],
    [1, 'http10'],
    [1, 'no-upgrade'],
    [1, 'path'],
    [1, 'huge-header'],
    [1, 'huge-url'],
    [1, 'garbage'],
  ] as const);
  const tokenParam = {
    exact: `token=${token}`,
    missing: '',
    wrong: `token=${'x'.repeat(token.length)}`,
    prefix: `token=${token.slice(0, -1)}`,
    longer: `token=${token}x`,
    case: `token=${token.toUpperCase()}`,
    encoded: `token=${encodeURIComponent(token).replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`)}`,
    second: `token=bad&token=${token}`,
  }[tokenVariant];
  const path = shape === 'path' ? rng.pick(['/ipc/', '/IPC', '/ipc/../ipc', '//ipc', '/ipc#x', '/other']) : '/ipc';
  const url = `${path}?${tokenParam}${shape === 'huge-url' ? `&pad=${'a'.repeat(rng.pick([9000, 20_000, 80_000]))}` : ''}`;
  const originLines = {
    exact: [`Origin: ${origin}`],
    missing: [],
    null: ['Origin: null'],
    'other-port': [`Origin: http://127.0.0.1:${port + 1}`],
    localhost: [`Origin: http://localhost:${port}`],
    https: [`Origin: https://127.0.0.1:${port}`],
    evil: ['Origin: http://evil.example'],
    twice: ['Origin: http://evil.example', `Origin: ${origin}`],
  }[originVariant];
  if (shape === 'garbage')
    return {
      kind: 'handshake',
      request: Buffer.from(rng.bytes(rng.smallLength(4000))),
      admissible: false,
      wellFormed: false,
      label: 'handshake: garbage',
    };
  const lines = [
    `${shape === 'post' ? 'POST' : 'GET'} ${url} ${shape === 'http10' ? 'HTTP/1.0' : 'HTTP/1.1'}`,
    `Host: 127.0.0.1:${port}`,
    ...originLines,
    ...(shape === 'no-upgrade' ? [] : ['Upgrade: websocket', 'Connection: Upgrade']),
    ...(shape === 'no-key'
      ? []
      : [
          `Sec-WebSocket-Key: ${shape === 'bad-key' ? rng.pick(['', 'abc', '!!!!', 'x'.repeat(100)]) : Buffer.from(rng.bytes(16)).toString('base64')}`,
        ]),
    `Sec-WebSocket-Version: ${shape === 'version-8' ? rng.pick(['8', '0', '', 'thirteen']) : '13'}`,
    ...(shape === 'huge-header' ? [`X-Pad: ${'b'.repeat(rng.pick([9000, 20_000, 80_000]))}`] : []),
    '',
    '',
  ];
  // A percent-encoded character is the same token once the query is decoded.
  const admissible = (tokenVariant === 'exact' || tokenVariant === 'encoded') && originVariant === 'exact' && path === '/ipc';
  return {
    kind: 'handshake',
    request: Buffer.from(lines.join('\r\n')),
    admissible,
    wellFormed: shape === 'good',
    label: `handshake: token ${tokenVariant}, origin ${originVariant}, ${shape}`,
  };
}

export function makeFrameCase(
  runSeed: number,
  index: number,
  context: { port: number; token: string; maxPayloadBytes: number },
): FrameCase {
  const rng = new Rng(runSeed, 'ipc-frame', index);
  const id = index + 1;
  return rng.weighted<() => FrameCase>([
    [10, () => handshake(rng, context.port, context.token)],
    [
      12,
      () => {
        const hostile = rng.pick(hostileFrames(context.maxPayloadBytes));
        return { kind: 'frames', writes: split(hostile.bytes, rng), label: `hostile: ${hostile.name}` };
      },
    ],
    [6, () => ({ kind: 'frames', writes: split(Buffer.from(rng.bytes(rng.smallLength(3000))), rng), label: 'random bytes' })],
    [
      3,
      () => {
        const size = rng.pick([1024 ** 2, 4 * 1024 ** 2, context.maxPayloadBytes, context.maxPayloadBytes + 1]);
        const payload = Buffer.alloc(size, 0x41);
        return {
          kind: 'frames',
          writes: split(encodeFrame({ fin: true, rsv: 0, opcode: rng.pick([1, 2]), payload }), rng),
          label: `big frame (${size} B)`,
        };
      },
    ],
    [
      69,
      () => {
        const specs: FrameSpec[] = [];
        for (let n = rng.range(1, 3); n > 0; n--) specs.push(...goodFrame(rng, id));
        const labels: string[] = [];
        const breaks = rng.weighted([
          [2, 0],
          [5, 1],
          [2, 2],
        ] as const);
        for (let b = 0; b < breaks; b++) {
          const at = rng.int(specs.length);
          const [broken, how] = breakFrame(specs[at]!, rng);
          specs[at] = broken;
          labels.push(how);
        }
        const bytes = Buffer.concat(specs.map(encodeFrame));
        const opcodes = specs.map((s) => s.opcode.toString(16)).join(',');
        return {
          kind: 'frames',
          writes: split(bytes, rng),
          label: breaks ? `frames [${opcodes}] broken: ${labels.join(', ')}` : `good frames [${opcodes}]`,
        };
      },
    ],
  ])();
}
