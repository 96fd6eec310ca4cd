// The input-quality guard through the whole pipeline with real ONNX sessions (the tiny model, and a
// copy of it exported as a user model, testModel false): a clip the model cannot judge gets uniform
// shown probabilities and is stored without a label; a band-limited clip keeps its label with a
// lowered confidence; a clean clip is left alone; a manifest's own inputRange is what the app reads.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputQualitySchema } from '../../../shared/types/input-quality';
import { decodeAudioFile } from '../../audio';
import { applyChannelTransform } from '../../audio/channel-transforms';
import { modelOutput } from '../../analysis/explanation-service';
import { ModelRegistry } from '../../installed-models/model-registry';
import { copyTinyModel, memoryPreferences } from '../../installed-models/testing/model-copies';
import { hasTool } from '../../prosody/testing/audio-files';
import { loadModel, type LoadedModel } from '../models/model-sessions';
import { analyzeClip } from './analyze-clip';
import { resultsToCsv, resultsToJson } from './reports/results-csv';
import { formatClipText } from './reports/results-text';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const TINY = path.join(ROOT, 'resources/models/tiny');
const RAVDESS = path.resolve(ROOT, '../shared/data/ravdess');
// Actor 18 (female), angry, statement 1: a validation speaker, measured in range.
const CLEAN = path.join(RAVDESS, 'Actor_18/03-01-05-01-01-01-18.wav');
const SR = 16000;
const fast = { maxTokens: 8, retries: 0 } as const;

const scratch = mkdtempSync(path.join(tmpdir(), 'pipeline-quality-'));
let model: LoadedModel;
beforeAll(async () => {
  model = await loadModel(TINY);
});
afterAll(async () => {
  await model.release();
  rmSync(scratch, { recursive: true, force: true });
});

function gaussianNoise(seconds: number, rms: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return Float32Array.from(
    { length: Math.round(seconds * SR) },
    () => rms * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
}

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

const sum = (p: Record<string, number>) => Object.values(p).reduce((a, b) => a + b, 0);
const top = (p: Record<string, number>) => Object.entries(p).sort((a, b) => b[1] - a[1])[0]!;

describe('analyzeClip says when the input is unlike the training data', () => {
  it('shows no confident answer for noise only: not judgeable, uniform shown probabilities, the model’s own kept, stored without a label', async () => {
    const result = await analyzeClip(
      { audio: { samples: gaussianNoise(3, 0.05, 9), sampleRate: SR }, name: 'noise.wav' },
      { model, ...fast },
    );
    expect(result.inputQuality).toMatchObject({ judgeable: false, outOfRange: true, severity: 1, rangeSource: 'default' });
    expect(result.inputQuality.reasons[0]).toMatchObject({ code: 'noisy', blocking: true });
    const labels = model.folder.manifest.labels;
    for (const label of labels) expect(result.probabilities[label]).toBeCloseTo(1 / labels.length, 12);
    expect(sum(result.rawProbabilities)).toBeCloseTo(1, 6);
    expect(Math.max(...Object.values(result.rawProbabilities))).toBeGreaterThan(1 / labels.length);

    // Stored for the review flow: a model that is not a test model still gets no label to accept.
    const shippedDir = path.join(scratch, 'shipped');
    copyTinyModel(path.join(shippedDir, 'tiny'));
    const registry = new ModelRegistry({
      shippedDir,
      userDir: path.join(scratch, 'models'),
      preferences: memoryPreferences({ showTestModels: true }),
    });
    const tiny = registry.usable('shipped:tiny');
    const asTrained = { ...tiny, details: { ...tiny.details, testModel: false } };
    const stored = modelOutput({ ...result, wellFormed: true, label: top(result.rawProbabilities)[0], problems: [] }, asTrained);
    expect(stored.label).toBe('');
    expect(stored.details).toMatchObject({
      answered: top(result.rawProbabilities)[0],
      inputQuality: result.inputQuality,
      rawProbabilities: result.rawProbabilities,
    });

    // The CLI's text and CSV say "cannot judge" and never give a label; JSON carries no NaN.
    expect(formatClipText(result, 'noise.wav')).toMatch(/^noise\.wav {2}→ {2}cannot judge: the clip is noise or a steady tone/);
    const [header, row] = csvRows(resultsToCsv(labels, [result]));
    expect(row![header!.indexOf('status')]).toBe('cannot_judge');
    expect(row![header!.indexOf('label')]).toBe('');
    expect(Number(row![header!.indexOf('snr_db')])).toBeLessThan(-5);
    const json = JSON.parse(resultsToJson(result)) as { inputQuality: unknown };
    expect(inputQualitySchema.parse(json.inputQuality)).toEqual(result.inputQuality);
  });

  it('a 0.3 s clip of real speech is too short to judge', async () => {
    if (!existsSync(CLEAN)) return;
    const { audio } = await decodeAudioFile(CLEAN);
    const result = await analyzeClip(
      { audio: { samples: audio.samples.slice(Math.round(1.2 * SR), Math.round(1.5 * SR)), sampleRate: SR }, name: 'short.wav' },
      { model, ...fast },
    );
    expect(result.inputQuality.judgeable).toBe(false);
    expect(result.inputQuality.reasons[0]!.code).toBe('too_short');
  });

  it.skipIf(!existsSync(CLEAN))('leaves a clean RAVDESS clip alone: judgeable, in range, shown probabilities are the model’s', async () => {
    const result = await analyzeClip({ path: CLEAN }, { model, gender: 'female', ...fast });
    expect(result.inputQuality).toMatchObject({ judgeable: true, outOfRange: false, severity: 0, reasons: [] });
    expect(result.inputQuality.measures.rmsZ).toBeGreaterThan(0);
    expect(result.probabilities).toEqual(result.rawProbabilities);
    expect(formatClipText(result, 'clean.wav')).not.toContain('WARNING');
  });

  it.skipIf(!existsSync(CLEAN) || !hasTool('sox'))(
    'warns on a telephone-band clip and lowers its confidence, keeping the ranking',
    async () => {
      const phone = path.join(scratch, 'phone.wav');
      await applyChannelTransform(CLEAN, { kind: 'telephone' }, phone);
      const result = await analyzeClip({ path: phone }, { model, gender: 'female', ...fast });
      expect(result.inputQuality.judgeable).toBe(true);
      expect(result.inputQuality.reasons.map((r) => r.code)).toContain('narrowband');
      const [rawLabel, rawP] = top(result.rawProbabilities);
      const [shownLabel, shownP] = top(result.probabilities);
      expect(shownLabel).toBe(rawLabel);
      expect(shownP).toBeLessThan(rawP);
      expect(sum(result.probabilities)).toBeCloseTo(1, 6);
      expect(formatClipText(result, 'phone.wav')).toMatch(/input: {5}WARNING: The audio is band-limited to 3\.\d kHz/);
    },
  );

  it.skipIf(!existsSync(CLEAN))('reads the thresholds from the manifest’s inputRange when the model carries one', async () => {
    const manifest = {
      ...model.folder.manifest,
      // A (made-up) training set of long clips only: this clip is shorter than all of them.
      inputRange: {
        clips: 100,
        rmsZ: { p95: 1.5, p99: 1.8 },
        maxAbsZ: { p95: 4, p99: 5 },
        snrDb: { p1: 10, p5: 13 },
        bandwidthHz: { p1: 7000, p5: 7500 },
        speechS: { p1: 3, p5: 4 },
      },
    };
    const result = await analyzeClip(
      { path: CLEAN },
      { model: { ...model, folder: { ...model.folder, manifest } }, gender: 'female', ...fast },
    );
    expect(result.inputQuality.rangeSource).toBe('manifest');
    expect(result.inputQuality.reasons.map((r) => r.code)).toEqual(['too_short']);
    expect(result.inputQuality.reasons[0]!.message).toMatch(/99 % of the training clips had more than 3\.0 s/);
  });
});
