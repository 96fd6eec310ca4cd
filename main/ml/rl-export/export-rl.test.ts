// An export reads back with an independent Parquet reader (hyparquet; hyparquet-writer wrote it) and
// holds what each engine documents: verl's data_source, prompt (chat messages), ability,
// reward_model {style, ground_truth} and extra_info; TRL's prompt plus the reward function's columns.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EmotionCotRecord } from '../../../shared/types/dataset';
import { ravdessCot } from '../../reward-server/testing/completion-groups';
import { exportRl, RlExportError } from '.';

let cotFile: string;
let records: EmotionCotRecord[];

beforeAll(async () => {
  ({ cotFile, records } = await ravdessCot());
}, 180_000);

const newDir = () => mkdtempSync(path.join(tmpdir(), 'rl-export-'));
const read = (file: string) => new Uint8Array(readFileSync(file)).buffer;
const columns = (file: string) => parquetSchema(parquetMetadata(read(file))).children.map((c) => c.element.name);

describe('export-rl', () => {
  it('writes verl rows with the columns verl documents, one per training clip, and the validation split apart', async () => {
    const result = exportRl({ engine: 'verl', dataset: path.dirname(cotFile), out: newDir() });
    const train = records.filter((r) => r.split === 'train');
    expect([result.train, result.val]).toEqual([train.length, records.filter((r) => r.split === 'validation').length]);
    const file = path.join(result.outDir, 'train.parquet');
    expect(columns(file)).toEqual(['data_source', 'prompt', 'ability', 'reward_model', 'extra_info']);
    const rows = (await parquetReadObjects({ file: read(file) })) as Record<string, any>[];
    expect(rows).toHaveLength(train.length);
    rows.forEach((row, i) => {
      const record = train[i]!;
      expect(row.data_source).toBe('emotionthinker/emotion-cot');
      expect(row.prompt.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
      expect(row.prompt[1].content).toContain('measured: pitch ');
      expect(row.reward_model).toEqual({ style: 'rule', ground_truth: record.label });
      expect(row.extra_info).toMatchObject({ split: 'train', index: i, clip_id: record.contentHash, audio: record.audioPath });
      expect(JSON.parse(row.extra_info.prosody_json)).toEqual(record.prosody);
      expect(JSON.parse(row.extra_info.functionals_json)).toEqual(record.functionals);
    });
    expect((await parquetReadObjects({ file: read(path.join(result.outDir, 'val.parquet')) })).length).toBe(result.val);
    expect(statSync(path.join(result.outDir, 'run_verl.sh')).mode & 0o111).not.toBe(0);
    expect(readFileSync(path.join(result.outDir, 'run_verl.sh'), 'utf8')).toContain('custom_reward_function.name=compute_score_batch');
  }, 60_000);

  it('writes TRL rows (Parquet and the same JSONL) with prompt and the columns its reward function receives', async () => {
    const result = exportRl({ engine: 'trl', dataset: cotFile, out: newDir(), copyAudio: true });
    const file = path.join(result.outDir, 'train.parquet');
    expect(columns(file)).toEqual(['prompt', 'truth', 'clip_id', 'audio', 'split', 'prosody_json', 'functionals_json']);
    const rows = await parquetReadObjects({ file: read(file) });
    const jsonl = readFileSync(path.join(result.outDir, 'train.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toEqual(jsonl);
    for (const row of jsonl) {
      // Copied clips are the very bytes, named by their hash, beside the rows.
      expect(row.audio).toMatch(/^audio\/[0-9a-f]{64}\.wav$/);
      const record = records.find((r) => r.contentHash === row.clip_id)!;
      expect(readFileSync(path.join(result.outDir, row.audio as string))).toEqual(readFileSync(record.audioPath));
      expect(row.truth).toBe(record.label);
    }
  }, 60_000);

  it('writes the paper’s settings, the adapter and a README', () => {
    const { outDir, files } = exportRl({ engine: 'trl', dataset: cotFile, out: newDir() });
    expect(files).toEqual(expect.arrayContaining(['README.md', 'emotionthinker_reward.py', 'launch.json', 'rl_job.json', 'train_trl.py']));
    const launch = JSON.parse(readFileSync(path.join(outDir, 'launch.json'), 'utf8'));
    expect(launch).toMatchObject({ groupSize: 8, beta: 0.04, learningRate: 1e-6, clipEpsilon: 0.2, schedule: { threshold: 0.5 } });
    expect(readFileSync(path.join(outDir, 'train_trl.py'), 'utf8')).toMatch(
      /num_generations=8,[\s\S]*beta=0.04,[\s\S]*learning_rate=0.000001/,
    );
    expect(readFileSync(path.join(outDir, 'README.md'), 'utf8')).toContain('npx emotionthinker reward-server');
  });

  it('refuses a folder that is not empty, a missing dataset and a file that holds no EmotionCoT records', () => {
    const full = newDir();
    writeFileSync(path.join(full, 'keep.txt'), 'mine');
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof RlExportError ? error.code : String(error);
      }
      return 'no error';
    };
    expect(codeOf(() => exportRl({ engine: 'verl', dataset: cotFile, out: full }))).toBe('bad_option');
    expect(codeOf(() => exportRl({ engine: 'verl', dataset: path.join(full, 'none'), out: newDir() }))).toBe('dataset_missing');
    const junk = path.join(newDir(), 'emotion-cot.jsonl');
    writeFileSync(junk, '{"audio": "x.wav"}\n');
    expect(codeOf(() => exportRl({ engine: 'verl', dataset: junk, out: newDir() }))).toBe('dataset_invalid');
  });
});
