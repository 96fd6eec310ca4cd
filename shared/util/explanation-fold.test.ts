import { describe, expect, it } from 'vitest';
import { foldToken, startedRun } from './explanation-fold';

const run = {
  recordingId: '00000000-0000-4000-8000-000000000001',
  runId: '00000000-0000-4000-8000-000000000002',
  modelKey: 'shipped:tiny',
  modelId: 'tiny',
  modelName: 'Tiny',
  testModel: true,
  startedAt: '2026-01-01T00:00:00Z',
};
const token = (seq: number, text: string, attempt = 0) => ({ recordingId: run.recordingId, runId: run.runId, seq, attempt, text });

describe('streamed reasoning', () => {
  it('appends tokens in seq order and starts over when a retry begins', () => {
    let state = startedRun(run);
    for (const [seq, text] of [
      [0, 'The '],
      [1, 'pitch'],
      [2, ' is high'],
    ] as const)
      state = foldToken(state, token(seq, text)) as typeof state;
    expect(state.text).toBe('The pitch is high');
    state = foldToken(state, token(3, 'Again', 1)) as typeof state;
    expect(state).toMatchObject({ attempt: 1, text: 'Again', lastSeq: 3 });
  });

  it('starts a new text when a long recording moves on to its next utterance, and keeps which one it is', () => {
    const segment = (index: number) => ({ index, total: 3, startS: index * 4, endS: index * 4 + 3 });
    let state = foldToken(startedRun(run), { ...token(0, 'First '), segment: segment(0) }) as ReturnType<typeof startedRun>;
    state = foldToken(state, { ...token(1, 'utterance'), segment: segment(0) }) as typeof state;
    expect(state).toMatchObject({ text: 'First utterance', segment: { index: 0 } });
    state = foldToken(state, { ...token(2, 'Second'), segment: segment(1) }) as typeof state;
    expect(state).toMatchObject({ text: 'Second', attempt: 0, lastSeq: 2, segment: { index: 1, total: 3, startS: 4 } });
  });

  it('ignores repeats and other runs, and reports a gap rather than showing text out of order', () => {
    const state = foldToken(startedRun(run), token(0, 'a')) as ReturnType<typeof startedRun>;
    expect(foldToken(state, token(0, 'a'))).toBe(state);
    expect(foldToken(state, { ...token(1, 'b'), runId: '00000000-0000-4000-8000-000000000009' })).toBe(state);
    expect(foldToken(state, token(2, 'c'))).toBe('gap');
  });
});
