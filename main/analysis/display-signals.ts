// Waveform envelope and spectrogram of a time window, sized to the display: the page never receives
// more points than it has pixel columns, so a 10-minute file draws as fast as a 3-second one.
import { createRequire } from 'node:module';
import type { Spectrogram, WaveformEnvelope } from '../../shared/types/analysis-view';

// fft.js ships no types (see main/ml/features/log-mel.ts for the same local interface).
interface RealFft {
  realTransform(out: Float64Array, input: Float64Array): void;
  createComplexArray(): Float64Array;
}
const FFT = createRequire(import.meta.url)('fft.js') as new (size: number) => RealFft;

/** Window length of the display spectrogram: 512 samples = 32 ms at 16 kHz, a wide-band-ish view
 * that still resolves harmonics of typical voices (Praat's default analysis is 5 ms wide-band; a
 * 32 ms window trades some time detail for visible pitch harmonics). */
const SPECTROGRAM_FFT = 512;
/** Shown dynamic range (dB below the window's loudest bin), Praat's default is 70 dB. */
const DYNAMIC_RANGE_DB = 70;

/** Min and max sample per display column over [startS, endS). */
export function waveformEnvelope(
  samples: Float32Array,
  sampleRate: number,
  startS: number,
  endS: number,
  columns: number,
): WaveformEnvelope {
  const first = clampIndex(Math.floor(startS * sampleRate), samples.length);
  const last = clampIndex(Math.ceil(endS * sampleRate), samples.length);
  const min: number[] = new Array(columns).fill(0);
  const max: number[] = new Array(columns).fill(0);
  const perColumn = (last - first) / columns;
  for (let c = 0; c < columns; c++) {
    const from = first + Math.floor(c * perColumn);
    const to = Math.max(from + 1, first + Math.floor((c + 1) * perColumn));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to && i < last; i++) {
      const v = samples[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo !== Infinity) {
      min[c] = round4(lo);
      max[c] = round4(hi);
    }
  }
  return { startS, endS, min, max };
}

/** Magnitude spectrogram, one FFT per display column, scaled to 0..255 over DYNAMIC_RANGE_DB. */
export function spectrogram(
  samples: Float32Array,
  sampleRate: number,
  startS: number,
  endS: number,
  columns: number,
  bins = 128,
): Spectrogram {
  const fft = new FFT(SPECTROGRAM_FFT);
  const frame = new Float64Array(SPECTROGRAM_FFT);
  const spectrum = fft.createComplexArray();
  const window = hann(SPECTROGRAM_FFT);
  const half = SPECTROGRAM_FFT / 2;
  // Average adjacent FFT bins down to the requested bin count.
  const perBin = half / bins;
  const db = new Float32Array(columns * bins);
  let peak = -Infinity;
  for (let c = 0; c < columns; c++) {
    const centre = Math.round((startS + ((c + 0.5) / columns) * (endS - startS)) * sampleRate);
    for (let i = 0; i < SPECTROGRAM_FFT; i++) {
      const at = centre - half + i;
      frame[i] = at >= 0 && at < samples.length ? samples[at]! * window[i]! : 0;
    }
    fft.realTransform(spectrum, frame);
    for (let b = 0; b < bins; b++) {
      let power = 0;
      const from = Math.floor(b * perBin);
      const to = Math.max(from + 1, Math.floor((b + 1) * perBin));
      for (let k = from; k < to; k++) power += spectrum[2 * k]! ** 2 + spectrum[2 * k + 1]! ** 2;
      const value = 10 * Math.log10(power / (to - from) + 1e-12);
      db[c * bins + b] = value;
      if (value > peak) peak = value;
    }
  }
  const bytes = new Uint8Array(columns * bins);
  for (let i = 0; i < db.length; i++) {
    const relative = (db[i]! - peak + DYNAMIC_RANGE_DB) / DYNAMIC_RANGE_DB;
    bytes[i] = Math.round(255 * Math.min(1, Math.max(0, relative)));
  }
  return { startS, endS, columns, bins, maxHz: sampleRate / 2, dataBase64: Buffer.from(bytes).toString('base64') };
}

function hann(length: number): Float64Array {
  const window = new Float64Array(length);
  for (let i = 0; i < length; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (length - 1));
  return window;
}

function clampIndex(index: number, length: number): number {
  return Math.min(length, Math.max(0, index));
}

function round4(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
