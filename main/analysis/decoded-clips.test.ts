import { describe, expect, it } from 'vitest';
import { DecodedClips, type DecodedClip } from './decoded-clips';

const clip = (seconds: number): DecodedClip => ({
  samples: new Float32Array(seconds * 16_000),
  sampleRate: 16_000,
  source: { format: 'wav/pcm16', sampleRate: 16_000, channels: 1, durationS: seconds },
  warnings: [],
});

describe('decoded clips kept in main', () => {
  it('gives back a clip put by its import without decoding it', async () => {
    const clips = new DecodedClips();
    const a = clip(1);
    clips.put('a', a);
    expect(await clips.get('a', () => Promise.reject(new Error('decoded again')))).toBe(a);
  });

  it('decodes a missing clip once, however many ask while it decodes', async () => {
    const clips = new DecodedClips();
    let decodes = 0;
    const decode = async () => {
      decodes += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return clip(1);
    };
    const [x, y] = await Promise.all([clips.get('a', decode), clips.get('a', decode)]);
    expect(x).toBe(y);
    expect(decodes).toBe(1);
    expect(clips.heldBytes).toBe(16_000 * 4);
  });

  it('keeps no failed decode: the next caller tries again', async () => {
    const clips = new DecodedClips();
    await expect(clips.get('a', () => Promise.reject(new Error('corrupt')))).rejects.toThrow('corrupt');
    expect(clips.has('a')).toBe(false);
    expect(await clips.get('a', async () => clip(1))).toBeDefined();
  });

  it('holds its budget of bytes, dropping the least recently used clip first but never the newest', async () => {
    const clips = new DecodedClips(3 * 16_000 * 4);
    clips.put('a', clip(1));
    clips.put('b', clip(1));
    clips.put('c', clip(1));
    await clips.get('a', () => Promise.reject(new Error('decoded again'))); // a is now the most recent
    clips.put('d', clip(1));
    expect(['a', 'b', 'c', 'd'].filter((id) => clips.has(id))).toEqual(['a', 'c', 'd']);
    expect(clips.heldBytes).toBe(3 * 16_000 * 4);
    clips.put('long', clip(10));
    expect(['a', 'c', 'd', 'long'].filter((id) => clips.has(id))).toEqual(['long']);
    clips.delete('long');
    expect(clips.heldBytes).toBe(0);
  });
});
