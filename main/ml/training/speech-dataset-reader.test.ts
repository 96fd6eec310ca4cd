import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openModelFolder } from '../models/model-folder';
import { loadFolderTokenizer } from '../models/tokenizer';
import { cachedSpeechFeaturizer, speechFeaturizer } from './speech-dataset-wiring';
import { readSpeechRecords, SpeechDatasetReader, teacherForcingRow, type SpeechTokens } from './speech-dataset-reader';

const TINY_DIR = path.resolve(import.meta.dirname, '../../../resources/models/tiny');
const RAVDESS_DIR = path.resolve(import.meta.dirname, '../../../../shared/data/ravdess');
const haveTiny = existsSync(path.join(TINY_DIR, 'tokenizer.json'));

function tinyTokens(): SpeechTokens {
  const folder = openModelFolder(TINY_DIR);
  const tokenizer = loadFolderTokenizer(folder);
  const ids = folder.manifest.tokenizer.tokenIds;
  return { encode: (t) => tokenizer.encode(t), pad: ids.pad, bos: ids.bos, eos: ids.eos, answerOpen: ids.answerOpen };
}

describe('readSpeechRecords', () => {
  it('resolves audio paths against the dataset file and names the line of a bad record', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'speech-'));
    const file = path.join(dir, 'train.jsonl');
    writeFileSync(file, '{"audio":"clips/a.wav","target":"<answer>sad</answer>"}\n\n{"audio":"b.wav"}\n');
    expect(() => readSpeechRecords(file)).toThrow(
      expect.objectContaining({ code: 'dataset_invalid', message: expect.stringContaining('train.jsonl:3') }),
    );
    writeFileSync(file, '{"audio":"clips/a.wav","target":"<answer>sad</answer>","prompt":"Why?"}\n');
    expect(readSpeechRecords(file)).toEqual([{ audio: path.join(dir, 'clips/a.wav'), target: '<answer>sad</answer>', prompt: 'Why?' }]);
    writeFileSync(
      file,
      '{"audio":"a.wav","target":"<answer>sad</answer>","answerWeight":50}\n{"audio":"a.wav","target":"<answer>sad</answer>","answerWeight":0}\n',
    );
    expect(() => readSpeechRecords(file)).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/train\.jsonl:2: "answerWeight" must be/) }),
    );
  });
});

describe.skipIf(!haveTiny)('teacherForcingRow with the tiny model tokenizer', () => {
  it('predicts each next token, trains only the target and eos, and pads the rest with weight 0', () => {
    const tokens = tinyTokens();
    const promptIds = tokens.encode('emotion?');
    const targetIds = tokens.encode('<think>low pitch</think><answer>sad</answer>');
    const row = teacherForcingRow(tokens, 'emotion?', '<think>low pitch</think><answer>sad</answer>', 96);
    const trained = 1 + promptIds.length + targetIds.length - 1; // positions whose next token is target or eos
    expect(row.inputIds[0]).toBe(tokens.bos);
    expect(row.targetIds.slice(promptIds.length, promptIds.length + targetIds.length)).toEqual(targetIds);
    expect(row.targetIds[promptIds.length + targetIds.length]).toBe(tokens.eos);
    expect(row.weights.slice(0, promptIds.length).every((w) => w === 0)).toBe(true);
    expect(row.weights.reduce((a, b) => a + b, 0)).toBe(trained - promptIds.length + 1);
    expect(row.inputIds.at(-1)).toBe(tokens.pad);
    expect(row.truncated).toBe(false);
    expect(teacherForcingRow(tokens, undefined, 'sad '.repeat(200), 96).truncated).toBe(true);
  });

  it("gives the label token after <answer> the record's answer weight, and only that token", () => {
    const tokens = tinyTokens();
    const target = '<think>low pitch</think><answer>sad</answer>';
    const plain = teacherForcingRow(tokens, 'emotion?', target, 96);
    const weighted = teacherForcingRow(tokens, 'emotion?', target, 96, 50);
    const labelAt = weighted.inputIds.indexOf(tokens.answerOpen!); // input <answer> → target "sad"
    expect(labelAt).toBeGreaterThan(0);
    expect(weighted.targetIds[labelAt]).toBe(tokens.encode('sad')[0]);
    expect(weighted.weights[labelAt]).toBe(50);
    expect(weighted.weights.filter((w, i) => i !== labelAt)).toEqual(plain.weights.filter((w, i) => i !== labelAt));
  });
});

describe.skipIf(!haveTiny || !existsSync(RAVDESS_DIR))('SpeechDatasetReader on real RAVDESS clips', () => {
  it('builds fixed-shape batches of real features: real frames masked in, padding rows weighted out', async () => {
    const folder = openModelFolder(TINY_DIR);
    const { config } = folder.manifest;
    const dir = mkdtempSync(path.join(tmpdir(), 'speech-'));
    const file = path.join(dir, 'train.jsonl');
    writeFileSync(
      file,
      [
        { audio: path.join(RAVDESS_DIR, 'Actor_01/03-01-04-01-01-01-01.wav'), target: '<answer>sad</answer>' },
        { audio: path.join(RAVDESS_DIR, 'Actor_02/03-01-05-01-01-01-02.wav'), target: '<answer>angry</answer>' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const reader = new SpeechDatasetReader(
      readSpeechRecords(file),
      {
        batch: 4,
        frames: 400,
        tokens: 96,
        melBins: config.mel_bins,
        prosodyDims: config.prosody_frame_dims,
        utteranceDims: config.utterance_prosody_dims,
      },
      tinyTokens(),
      speechFeaturizer(folder),
    );
    const batch = await reader.readBatch([1, 0]);
    expect(batch.examples).toBe(2);
    expect(batch.feeds.mel!.dims).toEqual([4, 400, 80]);
    expect(batch.feeds.input_ids!.dims).toEqual([4, 96]);
    const mask = batch.feeds.frame_mask!.data as Float32Array;
    const realFrames = mask.subarray(0, 400).reduce((a, b) => a + b, 0);
    expect(realFrames).toBeGreaterThan(250); // a ~3.5 s RAVDESS clip at 10 ms, cut to the 4 s window
    const weights = batch.feeds.target_weights!.data as Float32Array;
    const rowWeight = (row: number) => weights.subarray(row * 96, row * 96 + 96).reduce((a, b) => a + b, 0);
    expect(rowWeight(0)).toBeGreaterThan(0);
    expect(rowWeight(1)).toBeGreaterThan(0);
    expect(rowWeight(2)).toBe(0);
    expect(rowWeight(3)).toBe(0);
    expect(mask.subarray(2 * 400, 3 * 400).reduce((a, b) => a + b, 0)).toBe(realFrames); // padding repeats row 0's audio
    const voicing = Array.from({ length: 400 }, (_, f) => (batch.feeds.prosody_frames!.data as Float32Array)[f * 3 + 1]!);
    expect(voicing.filter((v) => v >= 0.5).length).toBeGreaterThan(50); // the pitch tracker found voiced speech
  });
});

describe.skipIf(!haveTiny || !existsSync(RAVDESS_DIR))('cachedSpeechFeaturizer', () => {
  it('computes one clip once however many examples ask about it, with the same features as uncached', async () => {
    const folder = openModelFolder(TINY_DIR);
    const clip = path.join(RAVDESS_DIR, 'Actor_01/03-01-01-01-01-01-01.wav');
    const cached = cachedSpeechFeaturizer(folder);
    const [a, b] = [cached(clip), cached(clip)];
    expect(a).toBe(b);
    expect(Array.from((await a).mel.subarray(0, 400))).toEqual(Array.from((await speechFeaturizer(folder)(clip)).mel.subarray(0, 400)));
    await expect(cached(path.join(RAVDESS_DIR, 'no-such.wav'))).rejects.toThrow();
  });
});
