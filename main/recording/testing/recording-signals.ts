// The microphone signal of the encrypted-recording tests, shared by the test and its kill -9 child:
// 100 ms chunks at 16 kHz mono of a tone whose pitch glides, so no two 2 KiB runs of its PCM match.
export const CHUNK_FRAMES = 1600;

export function toneChunk(seq: number): Float32Array {
  return Float32Array.from({ length: CHUNK_FRAMES }, (_, i) => {
    const t = (seq * CHUNK_FRAMES + i) / 16_000;
    return 0.3 * Math.sin(2 * Math.PI * (180 * t + 15 * t * t)) + 0.05 * Math.sin(2 * Math.PI * 1234.5 * t);
  });
}
