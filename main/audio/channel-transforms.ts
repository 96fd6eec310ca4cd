// Recording-channel transforms made by kept tools (SoX, FFmpeg): gain, telephone band, codecs,
// reverberation, microphone EQ and additive noise (white, or babble mixed from other speakers).
// One module serves training augmentation, the invariance check and the evaluation, so "robust to a
// telephone line" means the same line everywhere. Build-time / evaluation only: the app never runs it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeAudioFile } from './decode-audio';
import { encodeWavPcm16 } from './wav-writer';
import { CodedError } from '../../shared/errors/coded-error';

/** One transform of a recording's channel; none of them changes what is said or how. */
export type ChannelTransform =
  | { kind: 'gain'; db: number }
  /** Band-limits to the telephone band, through an 8 kHz channel (as a phone line does). */
  | { kind: 'telephone'; lowHz?: number; highHz?: number }
  | { kind: 'opus'; kbps: number }
  | { kind: 'mp3'; kbps: number }
  /** SoX `reverb`: reverberance and room scale in %, wet mixed with the dry signal. */
  | { kind: 'reverb'; reverberance: number; roomScale: number; preDelayMs?: number }
  /** Microphone colouring: peaking EQ bands (Hz, dB) and an optional high-pass (small microphones). */
  | { kind: 'eq'; bands: { hz: number; db: number }[]; highpassHz?: number }
  | { kind: 'white-noise'; snrDb: number; seed: number }
  /** Babble: the sum of `others` (paths of other speakers' clips), looped, at the given SNR. */
  | { kind: 'babble'; snrDb: number; others: string[]; seed: number };

export class ChannelTransformError extends CodedError<'tool_failed' | 'bad_transform'> {}

/** A short, stable name for a transform (tables, file names). */
export function transformName(t: ChannelTransform): string {
  switch (t.kind) {
    case 'gain':
      return `gain ${t.db > 0 ? '+' : ''}${t.db} dB`;
    case 'telephone':
      return `telephone ${t.lowHz ?? 300}-${t.highHz ?? 3400} Hz`;
    case 'opus':
      return `opus ${t.kbps} kbit/s`;
    case 'mp3':
      return `mp3 ${t.kbps} kbit/s`;
    case 'reverb':
      return `reverb ${t.reverberance}%/${t.roomScale}%`;
    case 'eq':
      return `eq ${t.bands.map((b) => `${b.hz}Hz${b.db > 0 ? '+' : ''}${b.db}`).join(' ')}${t.highpassHz ? ` hp${t.highpassHz}` : ''}`;
    case 'white-noise':
      return `white noise ${t.snrDb} dB SNR`;
    case 'babble':
      return `babble ${t.snrDb} dB SNR`;
  }
}

/** The transforms the invariance check applies (issue 11): gain, telephone, Opus 24k, noise at 20 dB. */
export function invarianceTransforms(babbleFrom: string[]): ChannelTransform[] {
  return [
    { kind: 'gain', db: -12 },
    { kind: 'gain', db: 6 },
    { kind: 'telephone' },
    { kind: 'opus', kbps: 24 },
    { kind: 'white-noise', snrDb: 20, seed: 7 },
    ...(babbleFrom.length ? [{ kind: 'babble', snrDb: 20, others: babbleFrom, seed: 8 } as const] : []),
  ];
}

function run(tool: string, args: string[]): void {
  // SoX dithers its 16-bit output with a fresh random seed per run unless -R ("repeatable"): without
  // it the same transform of the same clip differs run to run and can flip a level at a tertile edge.
  const argv = tool === 'sox' ? ['-R', ...args] : args;
  try {
    execFileSync(tool, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new ChannelTransformError('tool_failed', `${tool} ${args.join(' ')} failed: ${stderr || String(error)}`);
  }
}

const SOX_OUT = ['-r', '16000', '-c', '1', '-b', '16'];

/** Active-speech RMS: frames (20 ms) within 30 dB of the loudest, so leading silence does not lower it. */
export function activeRms(samples: Float32Array, frame = 320): number {
  const energies: number[] = [];
  for (let start = 0; start + frame <= samples.length; start += frame) {
    let e = 0;
    for (let i = start; i < start + frame; i++) e += samples[i]! ** 2;
    energies.push(e / frame);
  }
  if (energies.length === 0) return 0;
  const max = Math.max(...energies);
  const active = energies.filter((e) => e >= max * 1e-3);
  return Math.sqrt(active.reduce((a, b) => a + b, 0) / active.length);
}

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function mixNoise(source: string, t: Extract<ChannelTransform, { kind: 'white-noise' | 'babble' }>, outFile: string): Promise<void> {
  const { audio } = await decodeAudioFile(source);
  const x = audio.samples;
  const noise = new Float32Array(x.length);
  if (t.kind === 'white-noise') {
    const random = lcg(t.seed);
    for (let i = 0; i < x.length; i++) noise[i] = Math.sqrt(12) * (random() - 0.5);
  } else {
    if (t.others.length === 0) throw new ChannelTransformError('bad_transform', 'babble needs at least one other clip');
    const random = lcg(t.seed);
    for (const other of t.others) {
      const { audio: o } = await decodeAudioFile(other);
      const level = activeRms(o.samples) || 1;
      const offset = Math.floor(random() * o.samples.length);
      for (let i = 0; i < x.length; i++) noise[i]! += o.samples[(i + offset) % o.samples.length]! / level;
    }
  }
  const noiseRms = Math.sqrt(noise.reduce((a, v) => a + v * v, 0) / Math.max(1, noise.length)) || 1;
  const scale = (activeRms(x) * 10 ** (-t.snrDb / 20)) / noiseRms;
  const mixed = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) mixed[i] = Math.max(-1, Math.min(1, x[i]! + scale * noise[i]!));
  writeFileSync(outFile, encodeWavPcm16(mixed, audio.sampleRate));
}

/** Writes `source` through `transform` to `outFile` (16 kHz mono 16-bit WAV). */
export async function applyChannelTransform(source: string, transform: ChannelTransform, outFile: string): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'et-channel-'));
  try {
    switch (transform.kind) {
      case 'gain':
        // -G guards against clipping on a positive gain by lowering the gain where it would clip.
        run('sox', ['-G', source, ...SOX_OUT, outFile, 'gain', String(transform.db)]);
        return;
      case 'telephone': {
        const narrow = path.join(work, 'narrow.wav');
        run('sox', [source, '-r', '8000', '-c', '1', '-b', '16', narrow, 'sinc', `${transform.lowHz ?? 300}-${transform.highHz ?? 3400}`]);
        run('sox', [narrow, ...SOX_OUT, outFile]);
        return;
      }
      case 'opus':
      case 'mp3': {
        const coded = path.join(work, transform.kind === 'opus' ? 'coded.ogg' : 'coded.mp3');
        const codec = transform.kind === 'opus' ? ['-c:a', 'libopus', '-application', 'voip'] : ['-c:a', 'libmp3lame'];
        run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', source, ...codec, '-b:a', `${transform.kbps}k`, coded]);
        run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', coded, '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', outFile]);
        return;
      }
      case 'reverb':
        run('sox', [
          '-G',
          source,
          ...SOX_OUT,
          outFile,
          'reverb',
          String(transform.reverberance),
          '50',
          String(transform.roomScale),
          '100',
          String(transform.preDelayMs ?? 0),
          'channels',
          '1',
        ]);
        return;
      case 'eq': {
        const effects = transform.bands.flatMap((b) => ['equalizer', String(b.hz), '1q', String(b.db)]);
        if (transform.highpassHz) effects.push('highpass', String(transform.highpassHz));
        run('sox', ['-G', source, ...SOX_OUT, outFile, ...effects]);
        return;
      }
      case 'white-noise':
      case 'babble':
        await mixNoise(source, transform, outFile);
        return;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
