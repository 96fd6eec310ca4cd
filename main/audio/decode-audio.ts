// decodeAudioFile / decodeAudioBytes: any supported file → 16 kHz mono Float32, with what the source
// was and warnings about the clip. Decoding streams through the file in blocks, mixing to mono and
// resampling as it goes, so memory stays near the size of the 16 kHz output, never the raw PCM.
import audioDecodeImport from 'audio-decode';
import type { AudioData, StreamDecoder } from 'audio-decode';
import type { AudioSourceInfo, AudioWarning, MonoAudio } from '../../shared/types/audio';
import { ANALYSIS_SAMPLE_RATE } from '../../shared/types/audio';
import { AudioError } from './audio-error';
import { openLibraryByteSource } from '../security/encrypted-byte-source';
import { memoryByteSource, openFileByteSource, type ByteSource } from './byte-source';
import { probeContainer, type ContainerProbe } from './duration-probe';
import { sniffAudioFormat, type DecoderName, type SniffedFormat } from './format-sniff';
import { mp4SampleTableProblem } from './mp4-tables';
import { concatFloat32, sourceSampleRateProblem, StreamingResampler, type ResamplerQuality } from './resampler';
import { assessClip, mixToMono, SourceSampleStats } from './signal-checks';
import { canonicalWavHeader, parseWavHeader, wavFormatName, wavHeaderProblem, type WavHeader } from './wav-header';

/** Longest clip we accept: 30 min (a long interview; the analysis is meant for utterances). */
export const DEFAULT_MAX_DURATION_S = 30 * 60;
/** Largest file we open: 2 GiB (30 min of 24-bit 192 kHz stereo is ~2 GB). */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 ** 3;

export interface DecodeOptions {
  /** Refuse clips longer than this (seconds); default 1800. */
  maxDurationS?: number;
  /** Refuse files larger than this (bytes); default 2 GiB. */
  maxFileBytes?: number;
  /** Resampler quality; default 'medium' (see resampler.ts). */
  quality?: ResamplerQuality;
  /** Bytes handed to the codec per step; default 1 MiB. Smaller values exercise the streaming path. */
  readChunkBytes?: number;
  /** Key of an encrypted library file (security/encrypted-file.ts); a plaintext file is read as it is. */
  fileKey?: Uint8Array;
}

/** A decoded clip, what it was decoded from, and non-fatal findings about it. */
export interface DecodedAudio {
  audio: MonoAudio;
  source: AudioSourceInfo;
  warnings: AudioWarning[];
}

const HEAD_BYTES = 65_536;
const WAV_HEAD_BYTES_MAX = 4 * 1024 * 1024;

// audio-decode is ESM-only. Loaded as ESM its default export is the decode function; a CommonJS
// bundle of main (Node's require(esm)) hands over the module namespace instead. Accept both.
const audioDecode: typeof audioDecodeImport =
  typeof audioDecodeImport === 'function' ? audioDecodeImport : (audioDecodeImport as { default: typeof audioDecodeImport }).default;

/** Decode an audio file (format sniffed from its bytes) to 16 kHz mono. Throws AudioError. */
export async function decodeAudioFile(path: string, options: DecodeOptions = {}): Promise<DecodedAudio> {
  const source = options.fileKey ? await openLibraryByteSource(path, options.fileKey) : await openFileByteSource(path);
  try {
    return await decodeFromSource(source, `"${path}"`, options);
  } finally {
    await source.close();
  }
}

/** Decode encoded audio held in memory; `nameHint` only labels messages. Throws AudioError. */
export async function decodeAudioBytes(bytes: Uint8Array, nameHint?: string, options: DecodeOptions = {}): Promise<DecodedAudio> {
  return decodeFromSource(memoryByteSource(bytes), nameHint ? `"${nameHint}"` : 'The audio data', options);
}

async function decodeFromSource(source: ByteSource, label: string, options: DecodeOptions): Promise<DecodedAudio> {
  const maxDurationS = options.maxDurationS ?? DEFAULT_MAX_DURATION_S;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (source.sizeBytes === 0) throw new AudioError('empty_file', `${label} is empty (0 bytes).`);
  if (source.sizeBytes > maxFileBytes) {
    throw new AudioError('too_large', `${label} is ${formatBytes(source.sizeBytes)}; the limit is ${formatBytes(maxFileBytes)}.`);
  }
  let head = await source.read(0, HEAD_BYTES);
  // Broadcast WAVs can carry large metadata chunks (bext, iXML, LIST) before the samples.
  const wav = parseWavHeader(head);
  if (!wav.ok && wav.reason !== 'not_wav' && source.sizeBytes > head.length) head = await source.read(0, WAV_HEAD_BYTES_MAX);
  const sniffed = sniffAudioFormat(head, label);
  const wavHeader = sniffed.decoder === 'wav' ? checkWavHeader(head, source.sizeBytes, label) : undefined;
  if (wavHeader) sniffed.format = wavFormatName(wavHeader);
  if (sniffed.decoder === 'm4a') {
    const problem = await mp4SampleTableProblem(source);
    if (problem) throw new AudioError('corrupt', `${label} (${sniffed.format}) has a damaged sample table (${problem}).`);
  }
  const probe = await probeContainer(sniffed.decoder, head, source);
  if (probe.declaredDurationS !== undefined && probe.declaredDurationS > maxDurationS) {
    throw tooLong(label, probe.declaredDurationS, maxDurationS);
  }
  const input = wavHeader ? wavInput(wavHeader, source) : { prefix: undefined, start: 0, end: source.sizeBytes };
  return streamDecode(source, input, label, sniffed, probe, { ...options, maxDurationS });
}

/** The bytes handed to the codec: a header we wrote, then the file from `start` to `end`. */
interface CodecInput {
  prefix: Uint8Array | undefined;
  start: number;
  end: number;
}

/**
 * A WAV is decoded by what its bytes hold, not by what its header claims (issue 14): the codec gets a
 * header rebuilt from the checked fields and the data chunk's bytes that exist — the declared size
 * when the file is at least that long, else up to the end of the file.
 */
function wavInput(header: WavHeader, source: ByteSource): CodecInput {
  const available = Math.max(0, source.sizeBytes - header.dataOffset);
  const placeholder = header.declaredDataBytes === 0 || header.declaredDataBytes === 0xffffffff;
  const dataBytes = placeholder ? available : Math.min(header.declaredDataBytes, available);
  const wholeBlocks = dataBytes - (dataBytes % header.blockAlign);
  return { prefix: canonicalWavHeader(header, wholeBlocks), start: header.dataOffset, end: header.dataOffset + wholeBlocks };
}

/** Refuse WAVs we can't decode with a reason; returns the checked header. */
function checkWavHeader(head: Uint8Array, sizeBytes: number, label: string): WavHeader {
  const parsed = parseWavHeader(head);
  if (!parsed.ok) {
    const cut = parsed.reason === 'incomplete' && sizeBytes <= head.length;
    if (cut) throw new AudioError('truncated', `${label} is a WAV file cut off inside its header (${parsed.detail}).`);
    throw new AudioError('corrupt', `${label} has a damaged WAV header: ${parsed.detail}.`);
  }
  const problem = wavHeaderProblem(parsed.header);
  if (problem) {
    const code = parsed.header.codec ? 'corrupt' : 'unsupported_codec';
    throw new AudioError(code, `${label}: ${problem}${code === 'unsupported_codec' ? '; convert it to 16-bit PCM WAV or FLAC' : ''}.`);
  }
  const rateProblem = sourceSampleRateProblem(parsed.header.sampleRate);
  if (rateProblem) throw new AudioError('unsupported_sample_rate', `${label}: ${rateProblem}.`);
  const { dataOffset, declaredDataBytes, blockAlign } = parsed.header;
  if (sizeBytes - dataOffset < blockAlign) {
    if (declaredDataBytes === 0) throw new AudioError('empty_file', `${label} is a WAV file with no samples.`);
    throw new AudioError('truncated', `${label} ends before its first sample (the header declares ${declaredDataBytes} bytes of audio).`);
  }
  return parsed.header;
}

interface StreamState {
  sampleRate: number;
  channels: number;
  frames: number;
  resampler: StreamingResampler | undefined;
  output: Float32Array[];
  stats: SourceSampleStats;
}

async function streamDecode(
  source: ByteSource,
  input: CodecInput,
  label: string,
  sniffed: SniffedFormat,
  probe: ContainerProbe,
  options: DecodeOptions & { maxDurationS: number },
): Promise<DecodedAudio> {
  const chunkBytes = Math.max(4096, options.readChunkBytes ?? 1024 * 1024);
  const state: StreamState = { sampleRate: 0, channels: 0, frames: 0, resampler: undefined, output: [], stats: new SourceSampleStats() };
  const codec = await openCodec(sniffed.decoder, label);
  try {
    if (input.prefix) await consume(await runCodec(() => codec(input.prefix), label, sniffed), state, label, options);
    for (let offset = input.start; offset < input.end; offset += chunkBytes) {
      const chunk = await source.read(offset, Math.min(chunkBytes, input.end - offset));
      if (chunk.length === 0) break;
      await consume(await runCodec(() => codec(chunk), label, sniffed), state, label, options);
    }
    await consume(await runCodec(() => codec(), label, sniffed), state, label, options);
  } catch (error) {
    codec.free();
    state.resampler?.dispose();
    throw error;
  }
  if (!state.resampler || state.frames === 0) {
    throw new AudioError(
      probe.endsEarly ? 'truncated' : 'corrupt',
      `${label} (${sniffed.format}) contains no decodable audio${probe.endsEarly ? `: ${probe.endsEarly}` : ''}.`,
    );
  }
  state.output.push(state.resampler.flush());
  const samples = clampToUnit(concatFloat32(state.output));
  const warnings = assessClip(samples, ANALYSIS_SAMPLE_RATE, state.stats);
  const truncation = describeTruncation(probe, state);
  if (truncation) warnings.unshift({ code: 'truncated', message: `${label}: ${truncation}; only the valid part was decoded.` });
  return {
    audio: { samples, sampleRate: ANALYSIS_SAMPLE_RATE },
    source: { format: sniffed.format, sampleRate: state.sampleRate, channels: state.channels, durationS: state.frames / state.sampleRate },
    warnings,
  };
}

async function openCodec(decoder: DecoderName, label: string): Promise<StreamDecoder> {
  try {
    return await audioDecode[decoder]();
  } catch (error) {
    throw new AudioError('unsupported_codec', `No decoder could be loaded for ${label} (${decoder}): ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Codec failures become AudioErrors; "unsupported …" from a codec names the codec, anything else is damage. */
async function runCodec(step: () => Promise<AudioData>, label: string, sniffed: SniffedFormat): Promise<AudioData> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof AudioError) throw error;
    const reason = (error as Error)?.message ?? String(error);
    const code = /unsupported|not supported|no decoder/i.test(reason) ? 'unsupported_codec' : 'corrupt';
    throw new AudioError(code, `${label} (${sniffed.format}) could not be decoded: ${reason}.`, { cause: error });
  }
}

async function consume(
  data: AudioData,
  state: StreamState,
  label: string,
  options: DecodeOptions & { maxDurationS: number },
): Promise<void> {
  const channels = data.channelData;
  if (!channels.length || !channels[0]!.length) return;
  if (!state.resampler) {
    // Every container, not only WAV: a FLAC or MP3 header can claim any rate too.
    const rateProblem = sourceSampleRateProblem(data.sampleRate);
    if (rateProblem) throw new AudioError('unsupported_sample_rate', `${label}: ${rateProblem}.`);
    state.sampleRate = data.sampleRate;
    state.channels = channels.length;
    state.resampler = await StreamingResampler.create(data.sampleRate, ANALYSIS_SAMPLE_RATE, options.quality ?? 'medium');
  } else if (data.sampleRate !== state.sampleRate) {
    throw new AudioError('corrupt', `${label} changes sample rate mid-stream (${state.sampleRate} → ${data.sampleRate} Hz).`);
  }
  state.stats.observe(channels);
  if (state.stats.firstNonFiniteFrame >= 0) {
    const atS = state.stats.firstNonFiniteFrame / state.sampleRate;
    throw new AudioError('invalid_samples', `${label} contains NaN or infinite sample values (first at ${atS.toFixed(3)} s).`);
  }
  state.frames += channels[0]!.length;
  if (state.frames / state.sampleRate > options.maxDurationS) {
    throw tooLong(label, state.frames / state.sampleRate, options.maxDurationS, 'at least ');
  }
  state.output.push(state.resampler.push(mixToMono(channels)));
}

function describeTruncation(probe: ContainerProbe, state: StreamState): string | undefined {
  if (probe.endsEarly) return probe.endsEarly;
  // Frame-accurate containers (FLAC, Xing MP3) promise a sample count; a shortfall beyond one
  // codec frame (4608 covers FLAC's and MP3's largest) means the end is missing.
  if (probe.declaredFrames !== undefined && state.frames + 4608 < probe.declaredFrames) {
    const missingS = (probe.declaredFrames - state.frames) / state.sampleRate;
    return `the file ends ${missingS.toFixed(2)} s before the length its header declares`;
  }
  return undefined;
}

/** Resampling can overshoot ±1 by a hair on full-scale input; MonoAudio promises [-1, 1]. */
function clampToUnit(samples: Float32Array): Float32Array {
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i]!;
    if (value > 1) samples[i] = 1;
    else if (value < -1) samples[i] = -1;
  }
  return samples;
}

function tooLong(label: string, durationS: number, limitS: number, qualifier = ''): AudioError {
  return new AudioError('too_long', `${label} lasts ${qualifier}${formatDuration(durationS)}; the limit is ${formatDuration(limitS)}.`);
}

function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return minutes ? `${minutes} min ${Math.round(seconds - minutes * 60)} s` : `${seconds.toFixed(1)} s`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
