// Chunk-level damage to a WAV file (issue 16: split out of audio-mutator.ts): junk chunks (some
// claiming sizes beyond the file), reordering, duplicates, losses and other RIFF magic words.
import { sizeLie } from './audio-header-mutations';
import { SAMPLE_RATES, SIZES, type AudioOp } from './audio-mutation-values';
import { parseRiff, serializeRiff } from './wav-build';

/** Chunk-level damage: junk chunks (some claiming sizes beyond the file), reordering, duplicates, losses, magic words. */
export const restructure: AudioOp = (bytes, rng) => {
  const riff = parseRiff(bytes);
  if (!riff) return sizeLie(bytes, rng, []);
  const chunks = riff.chunks.map((c) => ({ ...c }));
  const kind = rng.pick(['junk', 'junk-huge', 'swap', 'dup-fmt', 'dup-data', 'drop', 'odd', 'magic', 'form', 'nested'] as const);
  let file = { ...riff, chunks };
  switch (kind) {
    case 'junk':
      chunks.splice(rng.int(chunks.length + 1), 0, {
        id: rng.pick(['LIST', 'JUNK', 'bext', 'iXML', 'cue ', 'smpl', 'PAD ', String.fromCharCode(...rng.bytes(4))]),
        body: rng.bytes(rng.smallLength(70_000)),
      });
      break;
    case 'junk-huge':
      chunks.splice(rng.int(chunks.length), 0, {
        id: rng.pick(['LIST', 'JUNK', 'bext']),
        body: rng.bytes(rng.int(64)),
        declaredSize: rng.pick([bytes.length, bytes.length * 4, 4 * 1024 * 1024, 0x7fffffff, 0xfffffff0, 0xffffffff]),
      });
      break;
    case 'swap':
      if (chunks.length > 1) chunks.reverse();
      break;
    case 'dup-fmt': {
      const fmt = chunks.find((c) => c.id === 'fmt ');
      if (fmt) {
        const lie = fmt.body.slice();
        new DataView(lie.buffer).setUint32(4, rng.pick(SAMPLE_RATES) >>> 0, true);
        chunks.splice(rng.int(chunks.length + 1), 0, { id: 'fmt ', body: lie });
      }
      break;
    }
    case 'dup-data':
      chunks.push({ id: 'data', body: rng.bytes(rng.smallLength(10_000)) });
      break;
    case 'drop':
      chunks.splice(rng.int(chunks.length), 1);
      break;
    case 'odd': {
      const data = chunks.find((c) => c.id === 'data');
      if (data) {
        data.body = data.body.subarray(0, Math.max(0, data.body.length - 1 - 2 * rng.int(3)));
        data.noPad = rng.chance(0.5);
      }
      chunks.unshift({ id: 'JUNK', body: rng.bytes(1 + 2 * rng.int(8)), noPad: true });
      break;
    }
    case 'magic':
      file = { ...file, magic: rng.pick(['RIFX', 'RF64', 'BW64', 'riff', 'RIFF']), declaredSize: rng.pick(SIZES(bytes.length)) >>> 0 };
      break;
    case 'form':
      file = { ...file, form: rng.pick(['WAVX', 'AVI ', 'wave', 'WEBP', 'AIFF']) };
      break;
    case 'nested':
      chunks.splice(rng.int(chunks.length + 1), 0, {
        id: 'RIFF',
        body: serializeRiff({ magic: 'RIFF', form: 'WAVE', chunks: chunks.slice(0, 2) }),
      });
      break;
  }
  return [serializeRiff(file), `chunks(${kind})`];
};
