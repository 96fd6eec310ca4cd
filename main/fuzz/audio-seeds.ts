// The inputs the audio fuzzer mutates: WAVs of every codec the decoder accepts (made here from real
// speech when ../shared/data is present, else from a synthetic vowel), the RAVDESS clips themselves,
// and — where ffmpeg is installed — the same speech as FLAC, MP3, Ogg Vorbis/Opus, WebM, M4A, AIFF and
// CAF, written to a temporary folder and read back. Nothing is written into the repository.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ANALYSIS_SAMPLE_RATE } from '../../shared/types/audio';
import { synthesize } from '../prosody/testing/signals';
import { wavEncoders, type WavCodecName } from './wav-build';

export interface AudioSeed {
  name: string;
  bytes: Uint8Array;
}

/** RAVDESS speaker whose clips seed the fuzzer (read only, never copied into the repo). */
export const RAVDESS_SEED_DIR = path.resolve(import.meta.dirname, '../../../shared/data/ravdess/Actor_01');

export interface SeedOptions {
  /** Folder of real WAV clips; default RAVDESS Actor_01 when present. */
  realDir?: string;
  /** At most this many real clips (default all). */
  maxRealClips?: number;
  /** Make compressed-format seeds with ffmpeg when it is installed (default true). */
  ffmpeg?: boolean;
}

export interface SeedSet {
  seeds: AudioSeed[];
  /** What the set holds, for the report ("12 real clips, 11 WAV codecs, 8 ffmpeg formats"). */
  description: string;
}

/** 1.5 s of speech-like signal: a real clip's middle when available, else a synthetic vowel glide. */
function baseSignal(realClips: AudioSeed[]): { samples: Float32Array; rate: number; origin: string } {
  const first = realClips[0];
  if (first) {
    // RAVDESS here is 16-bit mono PCM; read its data chunk directly (the decoder is what we test).
    const bytes = first.bytes;
    const dataAt = indexOfAscii(bytes, 'data');
    if (dataAt > 0) {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const rate = view.getUint32(24, true);
      const start = dataAt + 8;
      const frames = Math.floor((bytes.length - start) / 2);
      const take = Math.min(frames, Math.round(rate * 1.5));
      const from = Math.max(0, Math.floor((frames - take) / 2));
      const samples = new Float32Array(take);
      for (let i = 0; i < take; i++) samples[i] = view.getInt16(start + 2 * (from + i), true) / 32768;
      if (rate >= 4000 && take > 0) return { samples, rate, origin: first.name };
    }
  }
  const audio = synthesize(
    1.5,
    [
      { startS: 0.1, endS: 0.6, f0Hz: (t) => 140 + 60 * t },
      { startS: 0.75, endS: 1.4, f0Hz: (t) => 210 - 80 * t, amplitude: () => 0.4 },
    ],
    0.01,
    7,
  );
  return { samples: audio.samples, rate: ANALYSIS_SAMPLE_RATE, origin: 'synthetic vowels' };
}

function indexOfAscii(bytes: Uint8Array, text: string): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(text, 12, 'latin1');
}

function readRealClips(dir: string | undefined, max: number): AudioSeed[] {
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.wav'))
    .sort()
    .slice(0, max)
    .map((f) => ({ name: `real/${f}`, bytes: new Uint8Array(readFileSync(path.join(dir, f))) }));
}

const FFMPEG_FORMATS: [string, string[]][] = [
  ['flac', ['-c:a', 'flac']],
  ['mp3', ['-c:a', 'libmp3lame', '-b:a', '48k']],
  ['ogg', ['-c:a', 'libvorbis', '-q:a', '2']],
  ['opus', ['-c:a', 'libopus', '-b:a', '24k']],
  ['webm', ['-c:a', 'libopus', '-b:a', '24k']],
  ['m4a', ['-c:a', 'aac', '-b:a', '48k']],
  ['aiff', ['-c:a', 'pcm_s16be']],
  ['caf', ['-c:a', 'pcm_s16le']],
  ['aac', ['-c:a', 'aac', '-b:a', '48k', '-f', 'adts']],
];

function ffmpegSeeds(wav: Uint8Array): AudioSeed[] {
  const probe = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) return [];
  const dir = mkdtempSync(path.join(tmpdir(), 'et-fuzz-seeds-'));
  try {
    const input = path.join(dir, 'in.wav');
    writeFileSync(input, wav);
    const seeds: AudioSeed[] = [];
    for (const [ext, args] of FFMPEG_FORMATS) {
      const out = path.join(dir, `seed.${ext}`);
      // -bitexact and -map_metadata -1 keep the bytes the same from run to run with one ffmpeg.
      const run = spawnSync('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-i',
        input,
        '-map_metadata',
        '-1',
        '-fflags',
        '+bitexact',
        '-flags:a',
        '+bitexact',
        ...args,
        out,
      ]);
      if (run.status === 0 && existsSync(out)) seeds.push({ name: `ffmpeg/${ext}`, bytes: new Uint8Array(readFileSync(out)) });
    }
    return seeds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function loadSeeds(options: SeedOptions = {}): SeedSet {
  const real = readRealClips(options.realDir ?? RAVDESS_SEED_DIR, options.maxRealClips ?? Infinity);
  const base = baseSignal(real);
  const codecs = Object.keys(wavEncoders) as WavCodecName[];
  const made = codecs.map((codec) => ({ name: `wav/${codec}`, bytes: wavEncoders[codec](base.samples, base.rate) }));
  // The same clip at 8 and 44.1 kHz header rates exercises the resampler's other ratios.
  made.push({ name: 'wav/pcm16@8000', bytes: wavEncoders.pcm16(base.samples, 8000) });
  made.push({ name: 'wav/pcm16@44100', bytes: wavEncoders.pcm16(base.samples, 44_100) });
  const compressed = options.ffmpeg === false ? [] : ffmpegSeeds(wavEncoders.pcm16(base.samples, base.rate));
  const seeds = [...real, ...made, ...compressed];
  const description = `${real.length} real clips, ${made.length} WAV codec seeds (from ${base.origin}), ${compressed.length} ffmpeg formats`;
  return { seeds, description };
}
