// Seeded randomness, one implementation for the whole app: mulberry32 over a 32-bit seed, with string
// seeds hashed by FNV-1a (so a record's wording depends only on (seed, clip), not on order), used for
// reproducible splits, wording, data order and sampling.

export type Random = () => number;

/** FNV-1a 32-bit hash of a string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Uniform [0, 1) generator from a numeric or string seed. */
export function seededRandom(seed: number | string): Random {
  let state = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniformly chosen element. */
export function pick<T>(rng: Random, options: readonly T[]): T {
  return options[Math.floor(rng() * options.length)]!;
}
