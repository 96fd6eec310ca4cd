// Atomic checkpoints: each one is a single file written to a temporary name, fsync'ed, then renamed
// into place (rename is atomic on POSIX and NTFS), and the folder is fsync'ed so the rename survives
// a power cut. A SHA-256 of the payload in the header lets a loader reject a file that was torn
// anyway (copied by hand, a disk error); loading falls back to the newest checkpoint that verifies.
//
// File layout: "ETCKPT01" | u32 LE header length | header JSON | float32 LE tensors in header order.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { TrainingJobConfig } from '../../../shared/types/training';
import type { DataPosition } from './data-order';
import { TrainingFailure } from './training-failure';
import { describeError } from '../../../shared/errors/coded-error';

const MAGIC = Buffer.from('ETCKPT01', 'ascii');
const CHECKPOINT_NAME = /^checkpoint-(\d{9})\.ckpt$/;
const WRITE_CHUNK_BYTES = 1 << 20;

/** Everything needed to continue a job exactly where it stopped. */
export interface CheckpointState {
  step: number;
  position: DataPosition;
  config: TrainingJobConfig;
  /** Loss of the step that produced these weights (null before any step). */
  lastLoss: number | null;
  /** Graph-named tensors: `params.<p>`, `adam_m.<p>`, `adam_v.<p>`. */
  tensors: Map<string, Float32Array>;
  /** The step engine's own resume state (JSON; GRPO: schedule and optimiser-step count); absent for SFT. */
  engineState?: unknown;
}

interface CheckpointHeader {
  format: 1;
  step: number;
  position: DataPosition;
  config: TrainingJobConfig;
  lastLoss: number | null;
  engineState?: unknown;
  createdAt: string;
  tensors: { name: string; length: number }[];
  payloadBytes: number;
  payloadSha256: string;
}

/** Test seam: called after each chunk of a checkpoint reaches the temporary file. */
export interface CheckpointWriteHooks {
  afterChunk?: (written: number, total: number) => void;
}

export function checkpointFileName(step: number): string {
  return `checkpoint-${String(step).padStart(9, '0')}.ckpt`;
}

/** Writes a checkpoint atomically and returns its path and size. */
export function writeCheckpoint(dir: string, state: CheckpointState, hooks: CheckpointWriteHooks = {}): { file: string; bytes: number } {
  const tensors = [...state.tensors.entries()];
  const payloadBytes = tensors.reduce((sum, [, t]) => sum + t.byteLength, 0);
  const hash = createHash('sha256');
  for (const [, t] of tensors) hash.update(asBytes(t));
  const header: CheckpointHeader = {
    format: 1,
    step: state.step,
    position: state.position,
    config: state.config,
    lastLoss: state.lastLoss,
    ...(state.engineState !== undefined ? { engineState: state.engineState } : {}),
    createdAt: new Date().toISOString(),
    tensors: tensors.map(([name, t]) => ({ name, length: t.length })),
    payloadBytes,
    payloadSha256: hash.digest('hex'),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const lengthBytes = Buffer.alloc(4);
  lengthBytes.writeUInt32LE(headerBytes.length);
  const total = MAGIC.length + 4 + headerBytes.length + payloadBytes;

  const file = path.join(dir, checkpointFileName(state.step));
  const temporary = `${file}.tmp-${process.pid}`;
  const fd = openSync(temporary, 'w');
  try {
    let written = 0;
    const put = (bytes: Uint8Array) => {
      for (let at = 0; at < bytes.length; at += WRITE_CHUNK_BYTES) {
        const chunk = bytes.subarray(at, Math.min(at + WRITE_CHUNK_BYTES, bytes.length));
        writeSync(fd, chunk);
        written += chunk.length;
        hooks.afterChunk?.(written, total);
      }
    };
    put(Buffer.concat([MAGIC, lengthBytes, headerBytes]));
    for (const [, t] of tensors) put(asBytes(t));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  syncDirectory(dir);
  return { file, bytes: total };
}

/** Checkpoint files in `dir`, newest step first. */
export function listCheckpoints(dir: string): { file: string; step: number }[] {
  return readdirSync(dir)
    .map((name) => ({ name, match: CHECKPOINT_NAME.exec(name) }))
    .filter((entry) => entry.match !== null)
    .map((entry) => ({ file: path.join(dir, entry.name), step: Number(entry.match![1]) }))
    .sort((a, b) => b.step - a.step);
}

/** Reads and verifies one checkpoint file; throws TrainingFailure('checkpoint_invalid') naming the defect. */
export function readCheckpoint(file: string): CheckpointState {
  const fail = (why: string) => new TrainingFailure('checkpoint_invalid', `${path.basename(file)}: ${why}`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw fail(`cannot be read (${describeError(error)})`);
  }
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw fail('not a checkpoint file');
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const payloadStart = MAGIC.length + 4 + headerLength;
  if (payloadStart > bytes.length) throw fail('truncated inside its header');
  let header: CheckpointHeader;
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length + 4, payloadStart).toString('utf8')) as CheckpointHeader;
  } catch {
    throw fail('header is not valid JSON');
  }
  if (header.format !== 1) throw fail(`unknown format ${String(header.format)}`);
  if (bytes.length - payloadStart !== header.payloadBytes) {
    throw fail(`payload is ${bytes.length - payloadStart} bytes, header says ${header.payloadBytes}`);
  }
  const payload = bytes.subarray(payloadStart);
  if (createHash('sha256').update(payload).digest('hex') !== header.payloadSha256) throw fail('payload checksum mismatch');
  const tensors = new Map<string, Float32Array>();
  let offset = 0;
  for (const { name, length } of header.tensors) {
    // Copy out: the payload offset need not be 4-byte aligned, and the job mutates these buffers.
    const tensor = new Float32Array(length);
    asBytes(tensor).set(payload.subarray(offset, offset + length * 4));
    tensors.set(name, tensor);
    offset += length * 4;
  }
  return {
    step: header.step,
    position: header.position,
    config: header.config,
    lastLoss: header.lastLoss,
    tensors,
    ...(header.engineState !== undefined ? { engineState: header.engineState } : {}),
  };
}

/** The newest checkpoint that verifies, and the newer ones that did not (with why). */
export function loadLatestCheckpoint(dir: string): {
  checkpoint: (CheckpointState & { file: string }) | null;
  rejected: { file: string; reason: string }[];
} {
  const rejected: { file: string; reason: string }[] = [];
  for (const { file } of listCheckpoints(dir)) {
    try {
      return { checkpoint: { ...readCheckpoint(file), file }, rejected };
    } catch (error) {
      rejected.push({ file, reason: describeError(error) });
    }
  }
  return { checkpoint: null, rejected };
}

/** Removes all but the newest `keep` checkpoints and any temporary files left by a killed writer. */
export function pruneCheckpoints(dir: string, keep: number): void {
  for (const { file } of listCheckpoints(dir).slice(Math.max(1, keep))) rmSync(file, { force: true });
  for (const name of readdirSync(dir)) {
    if (/^checkpoint-\d{9}\.ckpt\.tmp-\d+$/.test(name)) rmSync(path.join(dir, name), { force: true });
  }
}

function asBytes(tensor: Float32Array): Uint8Array {
  // Float32Array is little-endian on every platform Node and ORT ship for, which the format assumes.
  return new Uint8Array(tensor.buffer, tensor.byteOffset, tensor.byteLength);
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
