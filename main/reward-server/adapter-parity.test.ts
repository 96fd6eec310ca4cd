// The reward a Python engine gets is the app's own, to the last digit (issue 17): the exported
// adapter, called with plain python3 exactly as verl's reward managers and TRL's GRPOTrainer call a
// reward function, against a real reward server, gives the same numbers as GRPO-PTR's rewardGroups
// computed here, in process, with its own scorer and progressive schedule, on the same completions.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionRewards, GrpoRewardConfig } from '../../shared/types/grpo';
import type { EmotionCotRecord } from '../../shared/types/dataset';
import { readJsonlRepairing } from '../data/cot/jsonl-append';
import { PROSODY_FUNCTIONAL_NAMES } from '../prosody/functionals';
import { RewardModelScorer } from '../ml/reward-model/reward-model-scorer';
import { EvidenceCheckerScorer, judgeCompletion, ProgressiveSchedule, rewardGroups, type ReasoningScorer } from '../ml/training/grpo';
import { exportRl } from '../ml/rl-export';
import { completionGroup, ravdessCot } from './testing/completion-groups';
import { DEFAULT_REWARD_MODEL_DIR, newToken, openRewardService, rewardConfigFor, startRewardServer, type RunningRewardServer } from '.';
import type { RewardService } from './reward-service';

const ENGINE_CALLS = path.join(import.meta.dirname, 'testing', 'call-like-engines.py');
const K = 8;
// One step's window, so R_reason can switch on at step 2 and both sides of the schedule are compared.
const OPTIONS = { windowSteps: 1 };

type Row = Record<string, unknown> & { extra_info?: { clip_id: string }; clip_id?: string };
type AdapterScore = Record<string, number>;

let records: EmotionCotRecord[];
let labels: string[];
let verlDir: string;
let trlDir: string;
let verlRows: Row[];
let trlRows: Row[];

const byClip = (rows: Row[]) => new Map(rows.map((r) => [r.extra_info?.clip_id ?? r.clip_id!, r]));
const readRows = async (file: string) => (await parquetReadObjects({ file: new Uint8Array(readFileSync(file)).buffer })) as Row[];

beforeAll(async () => {
  const cot = await ravdessCot();
  labels = cot.labels;
  // The records as the dataset holds them on disk (what an export and an app job read).
  records = readJsonlRepairing<EmotionCotRecord>(cot.cotFile).filter((r) => r.split === 'train');
  verlDir = exportRl({ engine: 'verl', dataset: path.dirname(cot.cotFile), out: mkdtempSync(path.join(tmpdir(), 'verl-')) }).outDir;
  trlDir = exportRl({ engine: 'trl', dataset: path.dirname(cot.cotFile), out: mkdtempSync(path.join(tmpdir(), 'trl-')) }).outDir;
  verlRows = await readRows(path.join(verlDir, 'train.parquet'));
  trlRows = await readRows(path.join(trlDir, 'train.parquet'));
}, 180_000);

/** Step s's completions: K per training clip, the corruptions drawn with seed s. */
const stepGroups = (step: number) => records.map((r) => completionGroup(r, labels, step));

/** GRPO-PTR's own rewards of `steps`, in process: the schedule decides, rewardGroups scores, the schedule observes. */
async function appRewards(steps: number[], config: GrpoRewardConfig, scorer: ReasoningScorer): Promise<CompletionRewards[][]> {
  const schedule = new ProgressiveSchedule(config.schedule);
  const out: CompletionRewards[][] = [];
  for (const step of steps) {
    const groups = stepGroups(step).map(({ record, texts }) => ({
      clipId: record.contentHash,
      truth: record.label,
      completions: texts.map((t) => judgeCompletion(t, labels)),
      prosody: record.prosody,
      functionals: { names: PROSODY_FUNCTIONAL_NAMES, values: record.functionals.map((v) => v ?? Number.NaN) },
    }));
    const on = schedule.reasoningOn;
    const batch = await rewardGroups(groups, config, on, on ? scorer : undefined);
    schedule.observe(
      batch.groups.reduce((n, g) => n + g.correct, 0),
      groups.length * K,
    );
    out.push(batch.groups.flatMap((g) => g.rewards));
  }
  return out;
}

/**
 * One python3 process making `calls` as the engines do; its printed results. Asynchronous: the server
 * answering it runs on this thread.
 */
async function python(dir: string, server: RunningRewardServer, token: string, run: string, calls: unknown[]): Promise<unknown[]> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'calls-')), 'calls.json');
  writeFileSync(file, JSON.stringify(calls));
  const env = {
    PATH: process.env.PATH ?? '',
    EMOTIONTHINKER_REWARD_URL: server.url,
    EMOTIONTHINKER_REWARD_TOKEN: token,
    EMOTIONTHINKER_RUN: run,
    EMOTIONTHINKER_REWARD_TIMEOUT: '120',
  };
  const { stdout } = await promisify(execFile)('python3', [ENGINE_CALLS, dir, file], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as unknown[];
}

/** A step's rows and completions as an engine batches them: each prompt repeated K times, in a row. */
function batch(rows: Row[], step: number, engine: string) {
  const rowOf = byClip(rows);
  const groups = stepGroups(step);
  return {
    engine,
    rows: groups.flatMap(({ record }) => Array.from({ length: K }, () => rowOf.get(record.contentHash)!)),
    completions: groups.flatMap((g) => g.texts),
  };
}

function expectSame(adapter: AdapterScore[], app: CompletionRewards[]): void {
  expect(adapter).toHaveLength(app.length);
  adapter.forEach((got, i) => {
    const want = app[i]!;
    // toBe: the same double, not a close one.
    expect(got.score).toBe(want.total);
    expect([got.format, got.outcome, got.trust]).toEqual([want.format, want.outcome, want.trust]);
    expect(got.reason).toBe(want.reason ?? 0);
    expect(got.reason_scored).toBe(want.reason === null ? 0 : 1);
    if (want.criteria) expect(got.factualAlignment).toBe(want.criteria.factualAlignment);
  });
}

describe('the exported Python adapter against a reward server', () => {
  let server: RunningRewardServer;
  let service: RewardService;
  let reference: RewardModelScorer;
  const token = newToken();

  beforeAll(async () => {
    service = await openRewardService(OPTIONS);
    server = await startRewardServer({ service, token, port: 0 });
    reference = await RewardModelScorer.open(DEFAULT_REWARD_MODEL_DIR);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await service?.release();
    await reference?.release();
  });

  it('gives verl (batch reward manager) and TRL the rewards of the app’s GRPO-PTR with the reward model, to the last digit', async () => {
    const app = await appRewards([1, 2], rewardConfigFor(OPTIONS), reference);
    // The comparison covers R_reason and τ: step 2 has the reasoning reward on and judged groups.
    expect(app[0]!.every((r) => r.reason === null)).toBe(true);
    expect(app[1]!.filter((r) => r.reason !== null).length).toBeGreaterThanOrEqual(K);
    expect(new Set(app[1]!.map((r) => r.total)).size).toBeGreaterThan(4);

    const verl = await python(verlDir, server, token, 'verl', [batch(verlRows, 1, 'verl-batch'), batch(verlRows, 2, 'verl-batch')]);
    expectSame(verl[0] as AdapterScore[], app[0]!);
    expectSame(verl[1] as AdapterScore[], app[1]!);

    const trl = (await python(trlDir, server, token, 'trl', [batch(trlRows, 1, 'trl'), batch(trlRows, 2, 'trl')])) as {
      scores: number[];
      breakdown: AdapterScore[];
    }[];
    trl.forEach((call, step) => {
      expect(call.scores).toEqual(app[step]!.map((r) => r.total));
      expectSame(call.breakdown, app[step]!);
    });
  }, 180_000);

  it('gives verl’s per-sample compute_score the app’s format and outcome rewards of a lone completion', async () => {
    const config = rewardConfigFor(OPTIONS);
    const { rows, completions } = batch(verlRows, 1, 'verl');
    const [got] = (await python(verlDir, server, token, 'verl-single', [{ engine: 'verl', rows, completions }])) as AdapterScore[][];
    const groups = completions.map((text, i) => ({
      clipId: `${i}`,
      truth: records[Math.floor(i / K)]!.label,
      completions: [judgeCompletion(text, labels)],
    }));
    const app = (await rewardGroups(groups, config, false)).groups.map((g) => g.rewards[0]!);
    expectSame(got!, app);
    // Right and wrong, well- and malformed answers are all among them.
    expect(new Set(app.map((r) => r.total)).size).toBeGreaterThanOrEqual(3);
  }, 120_000);
});

describe('the adapter with the evidence checker as scorer (the "checker" ablation)', () => {
  it('gives the rewards of the app’s GRPO-PTR with EvidenceCheckerScorer, to the last digit', async () => {
    const options = { ...OPTIONS, ablation: 'checker' as const };
    const token = newToken();
    const service = await openRewardService(options);
    const server = await startRewardServer({ service, token, port: 0 });
    try {
      const app = await appRewards([1, 2], rewardConfigFor(options), new EvidenceCheckerScorer(labels));
      expect(app[1]!.some((r) => r.reason !== null)).toBe(true);
      const verl = await python(verlDir, server, token, 'checker', [batch(verlRows, 1, 'verl-batch'), batch(verlRows, 2, 'verl-batch')]);
      expectSame(verl[0] as AdapterScore[], app[0]!);
      expectSame(verl[1] as AdapterScore[], app[1]!);
    } finally {
      await server.close();
      await service.release();
    }
  }, 120_000);
});
