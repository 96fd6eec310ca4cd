// The encrypted recording journal with real files and real AES-GCM: what goes in comes back out,
// a torn or tampered tail is dropped at the first bad entry, and a converted journal is the
// library's normal encrypted WAV.
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeWavPcm16, wavHeader } from '../audio';
import { floatToPcm16 } from '../audio/wav-writer';
import { readEncryptedFile } from './encrypted-file';
import {
  convertJournal,
  EncryptedJournalWriter,
  JOURNAL_ENTRY_OVERHEAD,
  JOURNAL_HEADER_BYTES,
  journalFromWav,
  scanJournal,
} from './recording-journal';

const KEY = randomBytes(32);

/** 100 ms chunks of a 16 kHz tone that is different in every chunk (so a moved chunk would show). */
function toneChunks(count: number, frames = 1600): Float32Array[] {
  return Array.from({ length: count }, (_, c) =>
    Float32Array.from({ length: frames }, (_, i) => 0.4 * Math.sin((2 * Math.PI * (200 + c) * (c * frames + i)) / 16_000)),
  );
}

const pcmOf = (chunks: Float32Array[]) => Buffer.concat(chunks.map((chunk) => Buffer.from(floatToPcm16(chunk).buffer)));

describe('the recording journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'et-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function writeJournal(chunks: Float32Array[]): Promise<string> {
    const path = join(dir, 'rec.wavj');
    const writer = await EncryptedJournalWriter.create(path, KEY, { sampleRate: 16_000, channels: 1 });
    for (const chunk of chunks) await writer.append(chunk);
    const summary = await writer.close();
    expect(summary.durationS).toBeCloseTo(chunks.length * 0.1, 6);
    return path;
  }

  it('keeps every chunk sealed (no PCM on disk, 0600) and gives it back in order', async () => {
    const chunks = toneChunks(30);
    const path = await writeJournal(chunks);
    const disk = readFileSync(path);
    const pcm = pcmOf(chunks);
    expect(disk.includes(pcm.subarray(3200, 3200 + 512))).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(disk.length).toBe(JOURNAL_HEADER_BYTES + pcm.length + 30 * JOURNAL_ENTRY_OVERHEAD);
    const seen: Buffer[] = [];
    const scan = await scanJournal(path, KEY, (entry) => void seen.push(Buffer.from(entry)));
    expect(scan).toMatchObject({ sampleRate: 16_000, channels: 1, entries: 30, dataBytes: pcm.length, droppedBytes: 0 });
    expect(Buffer.concat(seen).equals(pcm)).toBe(true);
    // Without the key only the lengths are read: the duration of an interrupted recording, still locked.
    expect((await scanJournal(path, null)).durationS).toBeCloseTo(3, 6);
  });

  it('drops a torn last entry and stops at the first entry that does not verify', async () => {
    const chunks = toneChunks(10);
    const path = await writeJournal(chunks);
    const whole = statSync(path).size;
    const entryBytes = 3200 + JOURNAL_ENTRY_OVERHEAD;
    // A kill mid-write: the last entry's tail never reached the disk.
    truncateSync(path, whole - 100);
    let scan = await scanJournal(path, KEY);
    expect(scan).toMatchObject({ entries: 9, dataBytes: 9 * 3200, droppedBytes: entryBytes - 100 });
    // A torn length field alone is dropped too.
    truncateSync(path, whole - entryBytes + 2);
    expect(await scanJournal(path, KEY)).toMatchObject({ entries: 9, droppedBytes: 2 });
    // A flipped byte in entry 4's ciphertext: entries 0–3 survive, nothing after is trusted.
    const damaged = readFileSync(path);
    damaged[JOURNAL_HEADER_BYTES + 4 * entryBytes + 40] ^= 0x01;
    writeFileSync(path, damaged);
    scan = await scanJournal(path, KEY);
    expect(scan.entries).toBe(4);
    // Entries of another key (or another journal) do not verify at all.
    expect((await scanJournal(path, randomBytes(32))).entries).toBe(0);
  });

  it('refuses an entry moved to another position', async () => {
    const path = await writeJournal(toneChunks(3));
    const disk = readFileSync(path);
    const entryBytes = 3200 + JOURNAL_ENTRY_OVERHEAD;
    const first = disk.subarray(JOURNAL_HEADER_BYTES, JOURNAL_HEADER_BYTES + entryBytes);
    const second = disk.subarray(JOURNAL_HEADER_BYTES + entryBytes, JOURNAL_HEADER_BYTES + 2 * entryBytes);
    writeFileSync(path, Buffer.concat([disk.subarray(0, JOURNAL_HEADER_BYTES), second, first]));
    expect((await scanJournal(path, KEY)).entries).toBe(0);
  });

  it('converts to the library format: an encrypted 16-bit WAV of the whole entries, hashed as plaintext', async () => {
    const chunks = toneChunks(25);
    const path = await writeJournal(chunks);
    appendFileSync(path, Buffer.from([0, 0, 12, 128, 1, 2, 3])); // a torn entry after the last whole one
    const target = join(dir, 'rec.enc');
    const converted = await convertJournal(path, target, KEY);
    const wav = await readEncryptedFile(target, KEY);
    const pcm = pcmOf(chunks);
    expect(
      wav.subarray(0, 44).equals(Buffer.from(wavHeader({ sampleRate: 16_000, channels: 1, sampleFormat: 'pcm16', dataBytes: pcm.length }))),
    ).toBe(true);
    expect(wav.subarray(44).equals(pcm)).toBe(true);
    expect(converted).toMatchObject({ entries: 25, dataBytes: pcm.length, sizeBytes: 44 + pcm.length, droppedBytes: 7 });
    expect(converted.contentHash).toBe(createHash('sha256').update(wav).digest('hex'));
    expect(readFileSync(target).includes(pcm.subarray(6400, 6400 + 512))).toBe(false);
  });

  it('seals a plaintext WAV of an interrupted recording (the migration) and removes it', async () => {
    const chunks = toneChunks(12);
    const wavPath = join(dir, 'old.wav');
    const samples = Float32Array.from(chunks.flatMap((chunk) => [...chunk]));
    writeFileSync(wavPath, encodeWavPcm16(samples, 16_000));
    const journal = join(dir, 'old.wavj');
    const sealed = await journalFromWav(wavPath, journal, KEY);
    expect(sealed.durationS).toBeCloseTo(1.2, 6);
    expect(() => statSync(wavPath)).toThrow();
    const seen: Buffer[] = [];
    await scanJournal(journal, KEY, (entry) => void seen.push(Buffer.from(entry)));
    expect(Buffer.concat(seen).equals(pcmOf(chunks))).toBe(true);
  });
});
