import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainingJobConfig } from '../../../shared/types/training';
import {
  checkpointFileName,
  listCheckpoints,
  loadLatestCheckpoint,
  pruneCheckpoints,
  readCheckpoint,
  writeCheckpoint,
  type CheckpointState,
} from './checkpoint-store';

const config = { jobDir: '/job', modelDir: '/model', totalSteps: 10, checkpointEvery: 2, seed: 1 } as TrainingJobConfig;

function stateAt(step: number): CheckpointState {
  return {
    step,
    position: { epoch: 1, cursor: step },
    config,
    lastLoss: 0.5 / step,
    tensors: new Map([
      ['params.W', Float32Array.from({ length: 30_000 }, (_, i) => i * step)],
      ['adam_m.W', new Float32Array(5).fill(step)],
    ]),
  };
}

describe('checkpoint store', () => {
  it('reads back exactly what it wrote: step, data position, config, loss and every tensor', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ckpt-'));
    const { file, bytes } = writeCheckpoint(dir, stateAt(3));
    expect(path.basename(file)).toBe(checkpointFileName(3));
    expect(readFileSync(file).length).toBe(bytes);
    const back = readCheckpoint(file);
    expect(back.step).toBe(3);
    expect(back.position).toEqual({ epoch: 1, cursor: 3 });
    expect(back.config).toEqual(config);
    expect(back.lastLoss).toBeCloseTo(0.5 / 3);
    expect(back.tensors.get('params.W')).toEqual(stateAt(3).tensors.get('params.W'));
    expect(back.tensors.get('adam_m.W')).toEqual(new Float32Array(5).fill(3));
  });

  it('falls back to the last good checkpoint when the newest is torn, and says why', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ckpt-'));
    writeCheckpoint(dir, stateAt(2));
    const { file } = writeCheckpoint(dir, stateAt(4));
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, whole.length - 1000)); // as if copied by a tool that died
    const { checkpoint, rejected } = loadLatestCheckpoint(dir);
    expect(checkpoint?.step).toBe(2);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatch(/payload is .* bytes/);
  });

  it('detects a flipped byte in the payload by its checksum', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ckpt-'));
    const { file } = writeCheckpoint(dir, stateAt(5));
    const bytes = readFileSync(file);
    bytes[bytes.length - 3]! ^= 0xff;
    writeFileSync(file, bytes);
    expect(() => readCheckpoint(file)).toThrow(/checksum mismatch/);
  });

  it('rejects a file that is not a checkpoint with a checkpoint_invalid error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ckpt-'));
    writeFileSync(path.join(dir, checkpointFileName(1)), 'hello');
    expect(() => readCheckpoint(path.join(dir, checkpointFileName(1)))).toThrow(
      expect.objectContaining({ code: 'checkpoint_invalid', message: expect.stringMatching(/not a checkpoint/) }),
    );
  });

  it('leaves the previous checkpoint untouched when a write dies half-way, and prunes the debris', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ckpt-'));
    writeCheckpoint(dir, stateAt(2));
    expect(() =>
      writeCheckpoint(dir, stateAt(4), {
        afterChunk: (written, total) => {
          if (written < total) throw new Error('simulated crash mid-write');
        },
      }),
    ).toThrow(/simulated crash/);
    expect(listCheckpoints(dir).map((c) => c.step)).toEqual([2]);
    expect(loadLatestCheckpoint(dir).checkpoint?.step).toBe(2);
    pruneCheckpoints(dir, 2);
    expect(readdirSync(dir)).toEqual([checkpointFileName(2)]);
  });

  it('keeps only the newest checkpoints when pruning', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ckpt-'));
    for (const step of [1, 2, 3, 4]) writeCheckpoint(dir, stateAt(step));
    pruneCheckpoints(dir, 2);
    expect(listCheckpoints(dir).map((c) => c.step)).toEqual([4, 3]);
  });
});
