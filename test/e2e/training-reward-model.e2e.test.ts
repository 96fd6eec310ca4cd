// The reasoning-reward-model stage on the real host, in Debian's Chromium (issue 12): a clinician's
// ratings of one real clip's explanation are in the app's database; 12 real RAVDESS clips are imported
// and their EmotionCoT traces built in Datasets; the stage's form says the rating will go in; a
// 20-step job fine-tunes the shipped reward model; its page says how many ratings went in and shows
// the trained folder's held-out agreement; GRPO-PTR's scorer choice then lists the new model; a stage-2
// job on the dataset's train split draws its validation loss beside the training loss. A test that
// builds on the dataset or the reward model makes it when no earlier test has, so each runs alone.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../../main/audio';
import { hasSharedRavdess, makeSmallRavdess, SHARED_RAVDESS } from '../../main/datasets/testing/ravdess-fixture';
import { databasePath } from '../../main/host/paths';
import { analyzeProsody } from '../../main/prosody';
import { AnalysisRepository } from '../../main/store/analysis-repository';
import { openDatabase } from '../../main/store/database';
import { RecordingRepository } from '../../main/store/recording-repository';
import { ReviewRepository } from '../../main/store/review-repository';
import { artifactPath } from './support/artifacts';
import { type AppSession, openAppSession, showTestModels } from './support/app-session';
import { type RunningHost } from './support/host-process';
import { squash } from './support/text';

/** One rated explanation of a real clip, written before the host opens the database. */
async function seedRatedReview(dataDir: string): Promise<void> {
  const database = openDatabase(databasePath(dataDir));
  const id = randomUUID();
  new RecordingRepository(database.db).add({
    id,
    fileName: 'clip.wav',
    originalName: 'clip',
    source: 'import',
    format: 'wav/pcm16',
    durationS: 3,
    sizeBytes: 1,
    contentHash: randomUUID(),
  });
  const prosody = analyzeProsody((await decodeAudioFile(join(SHARED_RAVDESS, 'Actor_01', '03-01-04-01-01-01-01.wav'))).audio);
  new AnalysisRepository(database.db).add(
    id,
    prosody,
    {
      modelId: 'm',
      label: 'sad',
      probabilities: { sad: 1 },
      reasoning: 'The pitch is low and the energy is low. The conclusion is sad.',
      claims: [],
    },
    {},
  );
  new ReviewRepository(database.db).update(id, {
    ratings: { factualAlignment: 4, interpretativeQuality: 4, captionCompleteness: 3, fluency: 5 },
  });
  database.close();
}

describe.skipIf(!hasSharedRavdess() || !existsSync(join(import.meta.dirname, '../../resources/reward-models/default/manifest.json')))(
  'the reasoning reward model stage',
  () => {
    let host: RunningHost;
    let session: AppSession;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'et-e2e-rrm-'));
      await seedRatedReview(dataDir);
      session = await openAppSession({ dataDir: dataDir, viewport: { width: 1360, height: 1000 } });
      ({ host, browser, page } = session);
    });

    afterAll(async () => {
      await browser?.close();
      await host?.stop();
    });

    // The dataset and the reward model later tests build on are made once a run, by their own test or
    // by whichever test needs them first, so every test also runs alone (-t).
    let building: Promise<void> | undefined;
    let training: Promise<void> | undefined;

    /** “RAVDESS sample” imported in Datasets (speaker 3 for validation) with its EmotionCoT traces built. */
    const datasetWithTraces = () =>
      (building ??= (async () => {
        await page.click('[data-testid=nav-datasets]');
        await page.waitForSelector('[data-testid=no-datasets]');
        await page.fill('[data-testid=dataset-folder]', makeSmallRavdess());
        await page.fill('[data-testid=dataset-name]', 'RAVDESS sample');
        await page.fill('[data-testid=dataset-validation-speakers]', '3');
        await page.click('[data-testid=dataset-import]');
        await page.waitForSelector('[data-testid=dataset-details]');
        await page.click('[data-testid=cot-build-start]');
        await page.waitForSelector('[data-testid=cot-build][data-status=done]', { timeout: 180_000 });
      })());

    /** The reward-model form filled for a 20-step job on that dataset (it has the seeded rating). */
    const fillRewardForm = async () => {
      await datasetWithTraces();
      await page.click('[data-testid=nav-training]');
      await page.click('[data-testid=training-tab-new]');
      await page.selectOption('[data-testid=job-stage]', 'reward-model');
      await page.fill('[data-testid=job-name]', 'Reward model e2e');
      await expect.poll(() => page.textContent('[data-testid=dataset]').then(squash)).toMatch(/RAVDESS sample/);
      for (const [testId, value] of Object.entries({
        steps: '20',
        warmup: '0',
        'checkpoint-every': '10',
        'corrupted-copies': '2',
        threads: '1',
      }))
        await page.fill(`[data-testid=${testId}]`, value);
    };

    /** That job started and run to the end, its page open. */
    const trainRewardModel = () =>
      (training ??= (async () => {
        await fillRewardForm();
        await page.click('[data-testid=start-job]');
        await page.locator('[data-testid=job-page]').waitFor();
        await expect
          .poll(() => page.textContent('[data-testid=job-page] [data-testid=job-state]').then(squash), { timeout: 240_000 })
          .toBe('completed');
      })());

    it('builds a dataset’s EmotionCoT traces to train on', async () => {
      await datasetWithTraces();
    }, 200_000);

    it('trains a reward model: the form and the job page say how many clinician ratings went in, the page shows its held-out agreement', async () => {
      await fillRewardForm();
      await expect
        .poll(() => page.textContent('[data-testid=clinician-ratings]').then(squash))
        .toMatch(/1 clinician rating from the app’s reviews will go in/);
      await trainRewardModel();
      await expect.poll(() => page.textContent('[data-testid=reward-job-ratings]').then(squash)).toMatch(/1 clinician rating went in/);
      const result = page.locator('[data-testid=reward-result]');
      await result.waitFor();
      await expect
        .poll(() => result.textContent().then(squash))
        .toMatch(
          /1 clinician rating went into its training[\s\S]*20 steps[\s\S]*Factual alignment[\s\S]*Interpretative quality[\s\S]*Caption completeness[\s\S]*Fluency & structure/,
        );
      await expect
        .poll(() => page.textContent('[data-testid=reward-result-probes]').then(squash))
        .toMatch(/every sentence said twice [+−]\d/);
      await expect
        .poll(() => page.textContent('[data-testid=exported]').then(squash))
        .toMatch(/reasoning reward model is written \(user:reward-model-e2e-/);
      await expect.poll(() => page.textContent('[data-testid=frozen-settings]').then(squash)).toMatch(/Clinician ratings\s*1 /);
      await page.screenshot({ path: artifactPath('training-reward-model-job.png'), fullPage: true });
    }, 480_000);

    it('offers the new reward model as GRPO-PTR’s R_reason scorer', async () => {
      await trainRewardModel();
      await page.click('[data-testid=nav-training]');
      await page.click('[data-testid=training-tab-new]');
      await page.selectOption('[data-testid=job-stage]', 'grpo-ptr');
      // The form lists the reward models after it mounts: wait for the list, not for time.
      const scorerOptions = page.locator('[data-testid=scorer] option');
      await expect
        .poll(async () => (await scorerOptions.allTextContents().then((texts) => texts.map(squash))).length, { timeout: 20_000 })
        .toBeGreaterThan(2);
      const options = await scorerOptions.allTextContents().then((texts) => texts.map(squash));
      expect(options[0]).toMatch(/^Reasoning reward model: Reasoning reward model \(shipped\) — \d+ clinician ratings, mean ρ/);
      expect(options.some((o) => /\(reward-model-e2e-[a-z0-9]+\) — 1 clinician rating, mean ρ/.test(o))).toBe(true);
      expect(options.at(-1)).toMatch(/^Evidence checker/);
    }, 480_000);

    it('trains stage 2 on the dataset’s train split and draws its validation loss on the loss chart', async () => {
      await datasetWithTraces();
      // The tiny model is a test model: the developer setting lets it be fine-tuned.
      await showTestModels(page);
      await page.click('[data-testid=nav-training]');
      await page.click('[data-testid=training-tab-new]');
      await page.selectOption('[data-testid=job-stage]', 'cot-sft');
      await page.selectOption('[data-testid=base-model]', 'shipped:tiny');
      await page.click('[data-testid=source-dataset]');
      await expect.poll(() => page.textContent('[data-testid=dataset]').then(squash)).toMatch(/RAVDESS sample/);
      await page.selectOption('[data-testid=split]', 'train');
      await page.fill('[data-testid=job-name]', 'Validated SFT e2e');
      for (const [testId, value] of Object.entries({ steps: '4', warmup: '0', 'checkpoint-every': '2', threads: '1' }))
        await page.fill(`[data-testid=${testId}]`, value);
      await page.click('[data-testid=start-job]');
      await page.locator('[data-testid=job-page]').waitFor();
      await expect
        .poll(() => page.textContent('[data-testid=frozen-settings]').then(squash))
        .toMatch(/Validation ?RAVDESS sample \(validation split\), 4 clips: loss on its first 4 clips every 2 steps and at the end/);
      await expect.poll(() => page.textContent('[data-testid=job-page] [data-testid=job-state]'), { timeout: 120_000 }).toBe('completed');
      // Steps 2 and 4 measured the held-out clips: two points beside the four of the training loss.
      await expect.poll(() => page.getAttribute('[data-testid=chart-loss]', 'data-series')).toBe('training loss:4|validation loss:2');
      await page.screenshot({ path: artifactPath('training-validation-loss.png'), fullPage: true });
    }, 320_000);

    it('exports the dataset as a verl job for scaling out, from the Train area (issue 17)', async () => {
      await datasetWithTraces();
      await page.click('[data-testid=nav-training]');
      await page.click('[data-testid=training-tab-new]');
      await expect.poll(() => page.textContent('[data-testid=rl-export-dataset]').then(squash)).toMatch(/RAVDESS sample/);
      await page.selectOption('[data-testid=rl-export-engine]', 'verl');
      await page.click('[data-testid=rl-export-start]');
      const result = page.locator('[data-testid=rl-export-result]');
      await result.waitFor({ timeout: 60_000 });
      await expect.poll(() => result.textContent().then(squash)).toMatch(/Exported 8 training and 4 validation clips to .*rl-verl-/);
      const outDir = /to (\/\S+rl-verl-\S+):/.exec(squash(await result.textContent()))![1]!;
      expect(outDir.startsWith(join(host.dataDir, 'exports'))).toBe(true);
      for (const file of ['train.parquet', 'val.parquet', 'launch.json', 'run_verl.sh', 'emotionthinker_reward.py', 'README.md'])
        expect(existsSync(join(outDir, file)), file).toBe(true);
      await page.locator('[data-testid=rl-export]').screenshot({ path: artifactPath('training-rl-export.png') });
    }, 260_000);
  },
);
