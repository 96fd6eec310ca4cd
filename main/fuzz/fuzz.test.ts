// The bounded fuzz run `npm test` makes (issue 14, "keep it true"): the same seeded targets as
// `npm run fuzz`, with few enough cases to take seconds. Any crash, hang, untyped error or
// over-allocation fails the test with the table of counts and the failing cases.
import { describe, expect, it } from 'vitest';
import { fuzzAudio, WatchedWorker } from './audio-fuzz';
import { makeAudioCase } from './audio-mutator';
import { loadSeeds } from './audio-seeds';
import { OVER_ALLOCATION_FACTOR, plausibleDecodedBytes } from './audio-target';
import { fuzzIpc } from './ipc-fuzz';
import { makeFrameCase } from './ipc-frames';
import { makeMessageCase } from './ipc-messages';
import { classifyResponse } from './ipc-replies';
import { formatTally } from './report';

const SEED = 14;
const AUDIO_CASES = 300;
const IPC_MESSAGES = 150;
const IPC_FRAMES = 150;

describe('bounded fuzz (seeded, the cases npm test can afford)', () => {
  it(`${AUDIO_CASES} mutated audio files: decode + prosody give a result or a typed error, never a crash, hang, untyped error or over-allocation`, async () => {
    const seeds = loadSeeds({ maxRealClips: 12 });
    const { tally } = await fuzzAudio({ cases: AUDIO_CASES, seed: SEED, seeds });
    const table = formatTally(tally, `audio (${seeds.description})`);
    console.log(table);
    expect(tally.cases).toBe(AUDIO_CASES);
    expect(tally.bad(), table).toBe(0);
    // The mutations reach the decoder's deep paths, not only its front door.
    expect(tally.byClass.get('ok') ?? 0).toBeGreaterThan(AUDIO_CASES / 10);
    expect(tally.byClass.get('typed error') ?? 0).toBeGreaterThan(AUDIO_CASES / 3);
  });

  it(`${IPC_MESSAGES} IPC messages and ${IPC_FRAMES} raw frames/handshakes: answered with a typed result or closed cleanly, and the host keeps serving`, async () => {
    const result = await fuzzIpc({ messages: IPC_MESSAGES, frames: IPC_FRAMES, seed: SEED });
    const table = [formatTally(result.messages, 'IPC messages'), formatTally(result.frames, 'raw frames and handshakes')].join('\n');
    console.log(table);
    expect(result.messages.cases + result.frames.cases).toBe(IPC_MESSAGES + IPC_FRAMES);
    expect(result.messages.bad() + result.frames.bad(), table).toBe(0);
    expect(result.clientsLeftOpen).toBe(0);
    expect(result.frames.byClass.get('closed') ?? 0).toBeGreaterThan(IPC_FRAMES / 4);
  });
});

describe('the fuzz harness', () => {
  it('makes the same case for the same seed and index, whatever else ran', () => {
    const { seeds } = loadSeeds({ maxRealClips: 2, ffmpeg: false });
    expect(makeAudioCase(seeds, 3, 41)).toEqual(makeAudioCase(seeds, 3, 41));
    expect(makeAudioCase(seeds, 3, 41).bytes).not.toEqual(makeAudioCase(seeds, 4, 41).bytes);
    expect(makeMessageCase(3, 41)).toEqual(makeMessageCase(3, 41));
    const context = { port: 1, token: 't', maxPayloadBytes: 1024 };
    expect(makeFrameCase(3, 41, context)).toEqual(makeFrameCase(3, 41, context));
  });

  it('calls the issue-14 ADPCM decode (110 KB → 5 GB) an over-allocation, and a plain 16 kHz WAV not', () => {
    const bound = OVER_ALLOCATION_FACTOR * plausibleDecodedBytes(110_000, 'wav/adpcm-ima');
    expect(5e9).toBeGreaterThan(bound);
    expect(((110_000 - 44) / 2) * 4).toBeLessThan(bound / 100);
  });

  it('sees a hang, a crash and a memory blow-up in the worker, and replaces the worker each time', async () => {
    const worker = new WatchedWorker();
    try {
      // Each request's bytes are transferred to the worker, so every call gets its own.
      const request = (id: number, selfTest?: 'hang' | 'crash' | 'allocate') => ({
        id,
        bytes: new Uint8Array(4),
        prosodySeconds: 1,
        ...(selfTest ? { selfTest } : {}),
      });
      expect((await worker.run(request(1, 'hang'), 1_000, 1024 ** 3)).kind).toBe('hang');
      expect((await worker.run(request(2, 'crash'), 10_000, 1024 ** 3)).kind).toBe('crash');
      expect((await worker.run(request(3, 'allocate'), 10_000, 200 * 1024 ** 2)).kind).toBe('rss');
      const after = await worker.run({ ...request(4), bytes: new Uint8Array(0) }, 10_000, 1024 ** 3);
      expect(after).toMatchObject({ kind: 'result', result: { outcome: { kind: 'typed', code: 'AudioError:empty_file' } } });
    } finally {
      await worker.close();
    }
  });

  it('counts an internal error as untyped and a reply to another request as a bad reply', () => {
    const reply = (id: number | null, result: unknown) => JSON.stringify({ kind: 'response', id, result });
    expect(classifyResponse(reply(5, { ok: false, error: { code: 'invalid_payload', message: 'x' } }), 5)).toEqual([
      'answered',
      'error invalid_payload',
    ]);
    expect(classifyResponse(reply(null, { ok: false, error: { code: 'malformed_message', message: 'x' } }), undefined)).toEqual([
      'answered',
      'error malformed_message',
    ]);
    expect(classifyResponse(reply(5, { ok: false, error: { code: 'internal', message: 'x' } }), 5)[0]).toBe('untyped');
    expect(classifyResponse(reply(6, { ok: true, value: 1 }), 5)[0]).toBe('bad-reply');
    expect(classifyResponse('{"kind":"event"}', 5)[0]).toBe('bad-reply');
  });
});
