// The audio fuzz target: one input through decodeAudioBytes and, when it decodes, a prosody analysis
// of its first seconds — the path an imported file takes in the analysis worker. It runs inside the
// fuzz worker (audio-worker.ts); the driver adds the outcomes only it can see (hang, crash, memory).
import { ANALYSIS_SAMPLE_RATE } from '../../shared/types/audio';
import { AudioError, decodeAudioBytes } from '../audio';
import { MIN_SOURCE_SAMPLE_RATE } from '../audio/resampler';
import { analyzeProsody, PitchError, ProsodyError } from '../prosody';

/** What one input did. `typed` carries the error's class and code, `untyped` what was thrown instead. */
export type AudioCaseOutcome =
  | { kind: 'ok'; format: string }
  | { kind: 'typed'; code: string }
  | { kind: 'untyped'; what: string }
  | { kind: 'over-allocation'; what: string };

export interface AudioCaseResult {
  outcome: AudioCaseOutcome;
  decodedSamples: number;
  ms: number;
}

/**
 * Source frames one byte of a file can hold, at most, by container, for the over-allocation bound:
 * - WAV (and AIFF/CAF): 2, 4-bit ADPCM mono being the densest codec we decode (PCM is at most 1);
 * - FLAC: 7,282 — a constant subframe codes a block of up to 65,535 frames of digital silence in a
 *   frame of about 9 bytes (header, one subframe byte, CRC);
 * - lossy codecs (MP3, Vorbis, Opus, AAC in Ogg/WebM/MP4/ADTS): 128 — Opus at its 6 kbit/s floor
 *   codes 48,000 frames in 750 bytes (64 per byte), with a factor 2 for container overhead we save.
 */
export function sourceFramesPerByte(format: string): number {
  if (format.startsWith('wav') || format.startsWith('aiff') || format.startsWith('caf')) return 2;
  if (format.includes('flac')) return 7282;
  return 128;
}

/**
 * The plausible decoded size of a file: the bytes of 16 kHz mono float32 output its length could
 * hold — file bytes × source frames per byte (above) × the resampling ratio from the lowest source
 * rate the decoder accepts (4 kHz → 16 kHz: ×4) × 4 bytes per sample. For a WAV that is 32 bytes per
 * file byte, already 16× what a 16-bit 16 kHz file really decodes to. A decode whose output
 * (samples × 4 bytes) is more than 10× this is an over-allocation: the decoder believed a header
 * over the bytes (the 110 KB IMA ADPCM file that became 5 GB, the 1 KB file "holding" 780 s).
 */
export function plausibleDecodedBytes(fileBytes: number, format: string): number {
  return fileBytes * sourceFramesPerByte(format) * (ANALYSIS_SAMPLE_RATE / MIN_SOURCE_SAMPLE_RATE) * 4;
}

export const OVER_ALLOCATION_FACTOR = 10;

/** The typed errors of the code under test: AudioError (decode), ProsodyError and PitchError (analysis). */
export function typedErrorCode(error: unknown): string | undefined {
  if (error instanceof AudioError) return `AudioError:${error.code}`;
  if (error instanceof ProsodyError) return `ProsodyError:${error.code}`;
  if (error instanceof PitchError) return `PitchError:${error.code}`;
  return undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return `${typeof error} thrown: ${String(error)}`.slice(0, 300);
}

export async function runAudioCase(bytes: Uint8Array, prosodySeconds: number): Promise<AudioCaseResult> {
  const started = performance.now();
  const done = (outcome: AudioCaseOutcome, decodedSamples = 0): AudioCaseResult => ({
    outcome,
    decodedSamples,
    ms: performance.now() - started,
  });
  let decoded;
  try {
    decoded = await decodeAudioBytes(bytes, 'fuzz input');
  } catch (error) {
    const code = typedErrorCode(error);
    return done(code ? { kind: 'typed', code } : { kind: 'untyped', what: `decode threw ${describe(error)}` });
  }
  const { samples } = decoded.audio;
  const outputBytes = samples.length * 4;
  const bound = OVER_ALLOCATION_FACTOR * plausibleDecodedBytes(bytes.length, decoded.source.format);
  if (outputBytes > bound) {
    return done(
      {
        kind: 'over-allocation',
        what: `${bytes.length}-byte ${decoded.source.format} decoded to ${samples.length} samples (${outputBytes} B > ${bound} B)`,
      },
      samples.length,
    );
  }
  if (!(decoded.source.sampleRate > 0) || !Number.isFinite(decoded.source.durationS)) {
    return done({ kind: 'untyped', what: `decode returned source ${JSON.stringify(decoded.source)}` }, samples.length);
  }
  try {
    const head = samples.subarray(0, Math.round(prosodySeconds * ANALYSIS_SAMPLE_RATE));
    analyzeProsody({ samples: head, sampleRate: decoded.audio.sampleRate });
  } catch (error) {
    const code = typedErrorCode(error);
    return done(code ? { kind: 'typed', code } : { kind: 'untyped', what: `analysis threw ${describe(error)}` }, samples.length);
  }
  return done({ kind: 'ok', format: decoded.source.format }, samples.length);
}
