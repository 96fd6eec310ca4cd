// Training in the app on the real host, in Debian's Chromium (issue 13): the train form with its
// measured estimate, a short real job on the tiny model (four RAVDESS clips, one thread) whose charts
// update live, pause and resume, the host killed with SIGKILL mid-job and restarted on the same data
// folder — the job is found interrupted with its charts and resumes from its checkpoint — then a
// tiny GRPO-PTR job's dashboard with its completions table and the two runs compared on one chart;
// last, the reasoning-reward-model stage's form with the clinician ratings that would go in (one rated
// review seeded in the app's database) and GRPO-PTR's R_reason scorer choice (issue 12). A test that
// builds on the CoT job starts it when no earlier test has, so each also runs alone.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../../main/audio';
import { databasePath } from '../../main/host/paths';
import { analyzeProsody } from '../../main/prosody';
import { AnalysisRepository } from '../../main/store/analysis-repository';
import { openDatabase } from '../../main/store/database';
import { RecordingRepository } from '../../main/store/recording-repository';
import { ReviewRepository } from '../../main/store/review-repository';
import { artifactPath } from './support/artifacts';
import { showTestModels, switchTheme } from './support/app-session';
import { launchChromium } from './support/chromium';
import { projectRoot, startHost, type RunningHost } from './support/host-process';
import { squash } from './support/text';

const RAVDESS = resolve(projectRoot, '..', 'shared', 'data', 'ravdess');
const CLIPS = [
  ['01', 'neutral'],
  ['03', 'happy'],
  ['04', 'sad'],
  ['05', 'angry'],
].map(([code, label]) => ({
  audio: join(RAVDESS, `Actor_01/03-01-${code}-01-01-01-01.wav`),
  target: `<think></think><answer>${label}</answer>`,
}));

const points = (page: Page, chart: string) => page.locator(`[data-testid=chart-${chart}] canvas`).getAttribute('data-points').then(Number);
const step = (page: Page) =>
  page
    .textContent('[data-testid=job-step]')
    .then(squash)
    .then((t) => Number(String(t).replace(/,/g, '')));
const state = (page: Page) => page.textContent('[data-testid=job-page] [data-testid=job-state]').then(squash);

async function openApp(browser: Browser, host: RunningHost): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  await page.goto(`${host.url}/#token=${host.token}`);
  return page;
}

/** A clinician's ratings of one real clip's explanation, in the app's database before the host opens it. */
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
  const prosody = analyzeProsody((await decodeAudioFile(CLIPS[0]!.audio)).audio);
  new AnalysisRepository(database.db).add(
    id,
    prosody,
    {
      modelId: 'm',
      label: 'neutral',
      probabilities: { neutral: 1 },
      reasoning: 'The pitch is level and the energy is low. The conclusion is neutral.',
      claims: [],
    },
    {},
  );
  new ReviewRepository(database.db).update(id, {
    ratings: { factualAlignment: 4, interpretativeQuality: 3, captionCompleteness: 4, fluency: 5 },
  });
  database.close();
}

async function fillForm(page: Page, values: Record<string, string>): Promise<void> {
  for (const [testId, value] of Object.entries(values)) await page.fill(`[data-testid=${testId}]`, value);
}

describe.skipIf(!existsSync(RAVDESS))('training jobs and the live dashboard', () => {
  let dataDir: string;
  let trainingFile: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  // Each job a later test builds on is made once a run, by its own test or by whichever test needs it
  // first, so every test also runs alone (-t).
  let fillingCotForm: Promise<void> | undefined;
  let startingCotJob: Promise<string> | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'et-e2e-training-'));
    trainingFile = join(dataDir, 'ravdess-4.jsonl');
    writeFileSync(trainingFile, `${CLIPS.map((c) => JSON.stringify(c)).join('\n')}\n`);
    await seedRatedReview(dataDir);
    host = await startHost(dataDir);
    browser = await launchChromium();
    page = await openApp(browser, host);
    // The tiny model is a test model: the developer setting shows it (and lets it be fine-tuned).
    await showTestModels(page);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  /** The CoT-SFT form filled for a 400-step job on the four clips, its estimate measured. */
  const fillCotForm = () =>
    (fillingCotForm ??= (async () => {
      await page.click('[data-testid=nav-training]');
      await page.click('[data-testid=training-tab-new]');
      await page.selectOption('[data-testid=job-stage]', 'cot-sft');
      await page.selectOption('[data-testid=base-model]', 'shipped:tiny');
      await page.click('[data-testid=source-file]');
      await fillForm(page, { 'job-name': 'Tiny CoT e2e', 'training-file': trainingFile, lr: '0.003' });
      await fillForm(page, { steps: '400', warmup: '0', 'checkpoint-every': '2', threads: '1' });
      await page.click('[data-testid=measure]');
      await page.locator('[data-testid=estimate]').waitFor({ timeout: 90_000 });
    })());

  /** That job started from the form and running a few steps, its page open; resolves to its id. */
  const startCotJob = () =>
    (startingCotJob ??= (async () => {
      await fillCotForm();
      await page.click('[data-testid=start-job]');
      await page.locator('[data-testid=job-page]').waitFor();
      const id = String(await page.getAttribute('[data-testid=job-page]', 'data-job-id'));
      await expect.poll(() => state(page), { timeout: 60_000 }).toBe('running');
      await expect.poll(() => points(page, 'loss'), { timeout: 90_000 }).toBeGreaterThanOrEqual(2);
      return id;
    })());

  /** The CoT job with more than four steps, no longer running (cancelled here if no earlier test stopped it). */
  const stoppedCotJob = async () => {
    const jobId = await startCotJob();
    await page.click('[data-testid=nav-training]');
    await page.click('[data-testid=training-tab-jobs]');
    const row = page.locator(`[data-testid=job-row][data-job-id="${jobId}"]`);
    if (['running', 'paused'].includes(String(await row.getAttribute('data-state')))) {
      await row.locator('button.link').click();
      await expect.poll(() => step(page), { timeout: 90_000 }).toBeGreaterThan(4);
      await page.click('[data-testid=cancel]');
      await page.click('[data-testid=confirm-cancel]');
      await expect.poll(() => state(page), { timeout: 60_000 }).toBe('cancelled');
    }
    return jobId;
  };

  it('checks the form as it is typed and measures a few real steps before start', async () => {
    await page.click('[data-testid=nav-training]');
    await page.locator('[data-testid=no-jobs]').waitFor();
    await page.screenshot({ path: artifactPath('training-empty.png'), fullPage: true });
    await page.click('[data-testid=training-tab-new]');
    await page.selectOption('[data-testid=job-stage]', 'cot-sft');
    await page.selectOption('[data-testid=base-model]', 'shipped:tiny');
    await page.click('[data-testid=source-file]');
    await fillForm(page, { 'job-name': 'Tiny CoT e2e', 'training-file': trainingFile, lr: '0.003', steps: '0' });
    await expect.poll(() => page.textContent('[data-testid=train-form]').then(squash)).toContain('At least one step.');
    await expect.poll(() => page.isDisabled('[data-testid=start-job]')).toBe(true);
    await fillCotForm();
    await expect
      .poll(() => page.textContent('[data-testid=estimate-line]').then(squash))
      .toMatch(/\d+ ms per step \(median of \d+ real steps\)/);
    await expect.poll(() => page.textContent('[data-testid=estimate]').then(squash)).toMatch(/Batch \(fixed by the training graph\)\s*4/);
    await page.screenshot({ path: artifactPath('training-form.png'), fullPage: true });
  });

  it('starts the job and draws its charts as steps arrive', async () => {
    await startCotJob();
    const before = await points(page, 'loss');
    await expect.poll(() => points(page, 'loss'), { timeout: 90_000 }).toBeGreaterThan(before + 2);
    await expect.poll(() => page.textContent('[data-testid=progress-line]').then(squash)).toMatch(/step \d+\/400,\s+elapsed .+, ETA .+/);
    expect(await page.locator('[data-testid=charts] figure').count()).toBeGreaterThanOrEqual(4); // loss, lr, grad norm, examples/s, step time
    await expect.poll(() => page.textContent('[data-testid=frozen-settings]').then(squash)).toMatch(/Learning rate\s*0\.003/);
    await page.click('[data-testid=scale-log]');
    await page.click('[data-testid=x-time]');
    await page.click('[data-testid=x-step]');
    await page.screenshot({ path: artifactPath('training-dashboard.png'), fullPage: true });
    await page.click('[data-testid=scale-linear]');
  }, 240_000);

  it('pauses after a checkpoint and resumes with a changed step count', async () => {
    await startCotJob();
    await page.click('[data-testid=pause]');
    await expect.poll(() => state(page), { timeout: 60_000 }).toBe('paused');
    const pausedAt = await step(page);
    // Its weights at the paused step are on disk (a pause checkpoint, or the interval one of that step).
    await expect
      .poll(() => page.textContent('[data-testid=log-tail]').then(squash))
      .toMatch(new RegExp(`checkpoint at step ${pausedAt} \\(`));
    await page.click('[data-testid=resume-open]');
    await expect
      .poll(() => page.textContent('[data-testid=resume-panel]').then(squash))
      .toMatch(/These may change: steps, checkpoint interval, execution provider, threads/);
    await page.screenshot({ path: artifactPath('training-paused.png'), fullPage: true });
    await page.fill('[data-testid=resume-steps]', '500');
    await page.click('[data-testid=resume]');
    await expect.poll(() => state(page), { timeout: 60_000 }).toBe('running');
    await expect.poll(() => step(page), { timeout: 90_000 }).toBeGreaterThan(pausedAt + 2);
    await expect.poll(() => page.textContent('[data-testid=progress-line]').then(squash)).toMatch(/\/500/);
  }, 240_000);

  it('finds the job interrupted, with its charts, after the host is killed, and resumes it from the checkpoint', async () => {
    const jobId = await startCotJob();
    const recorded = await points(page, 'loss');
    const exited = new Promise((r) => host.process.once('exit', r));
    host.process.kill('SIGKILL');
    await exited;
    await page.close();

    host = await startHost(dataDir);
    page = await openApp(browser, host);
    await page.click('[data-testid=nav-training]');
    await page.click('[data-testid=training-tab-jobs]');
    const row = page.locator(`[data-testid=job-row][data-job-id="${jobId}"]`);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 30_000 }).toBe('interrupted');
    await page.screenshot({ path: artifactPath('training-list.png'), fullPage: true });
    await row.locator('button.link').click();
    await expect.poll(() => points(page, 'loss'), { timeout: 30_000 }).toBeGreaterThanOrEqual(Math.min(recorded, 2));
    await expect
      .poll(() => page.textContent('[data-testid=state-note]').then(squash))
      .toMatch(/app stopped while this job was running; resume continues from its last checkpoint \(step \d+\)/);
    await page.screenshot({ path: artifactPath('training-interrupted.png'), fullPage: true });
    const interruptedAt = await step(page);

    await page.click('[data-testid=resume-open]');
    await page.click('[data-testid=resume]');
    await expect.poll(() => state(page), { timeout: 60_000 }).toBe('running');
    await expect.poll(() => step(page), { timeout: 90_000 }).toBeGreaterThan(interruptedAt);
    await expect.poll(() => page.textContent('[data-testid=log-tail]').then(squash)).toMatch(/resuming from step \d+/);

    // Cancel asks first, and the job checkpoints before it ends.
    await page.click('[data-testid=cancel]');
    await expect.poll(() => page.textContent('[data-testid=cancel-confirm]').then(squash)).toMatch(/checkpoints first/);
    await page.click('[data-testid=confirm-cancel]');
    await expect.poll(() => state(page), { timeout: 60_000 }).toBe('cancelled');
    // The state arrives before its note is drawn: wait for the note too.
    const note = () => page.textContent('[data-testid=state-note]').then(squash);
    await expect.poll(note).toMatch(/Cancelled at step \d+/);
    const cancelledAt = Number(/Cancelled at step (\d+)/.exec(String(await note()))?.[1]);
    await expect
      .poll(() => page.textContent('[data-testid=log-tail]').then(squash))
      .toMatch(new RegExp(`checkpoint at step ${cancelledAt} \\(`));
  }, 300_000);

  it('runs a tiny GRPO-PTR job: reward charts, the completions table, and both runs on one chart', async () => {
    // The run it is compared with; one job trains at a time, so it is stopped first.
    const cotJobId = await stoppedCotJob();
    await page.click('[data-testid=nav-training]');
    await page.click('[data-testid=training-tab-new]');
    await page.selectOption('[data-testid=job-stage]', 'grpo-ptr');
    await page.selectOption('[data-testid=base-model]', 'shipped:tiny');
    await page.click('[data-testid=source-file]');
    await fillForm(page, {
      'job-name': 'Tiny GRPO e2e',
      'training-file': trainingFile,
      lr: '0.002',
      steps: '3',
      warmup: '0',
      'checkpoint-every': '1',
      'clips-per-step': '2',
      'group-size': '3',
      'max-tokens': '12',
      threshold: '0',
      window: '1',
      threads: '1',
    });
    expect(await page.locator('[data-testid=grpo-settings]').count()).toBe(1);
    await page.screenshot({ path: artifactPath('training-form-grpo.png'), fullPage: true });
    await page.click('[data-testid=start-job]');
    await page.locator('[data-testid=job-page]').waitFor();
    await expect.poll(() => state(page), { timeout: 180_000 }).toBe('completed');
    await expect.poll(() => points(page, 'rewards'), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    // KL and the loss exist only for steps that updated (a step of all zero-spread groups does not).
    for (const chart of ['accuracy', 'entropy', 'zero-spread', 'length', 'truncation', 'tokens'])
      expect(await page.locator(`[data-testid=chart-${chart}]`).count(), chart).toBe(1);
    // Threshold 0 over a 1-step window: the reasoning reward switches on after step 1, marked on every chart.
    await expect.poll(() => page.getAttribute('[data-testid=chart-rewards]', 'data-markers')).toBe('1');
    await expect.poll(() => page.locator('[data-testid=completion-row]').count()).toBeGreaterThan(0);
    await page.click('[data-testid=completions-wrong]');
    await expect.poll(() => page.textContent('[data-testid=completions-count]').then(squash)).toMatch(/\d+ of \d+/);
    await expect.poll(() => page.textContent('[data-testid=exported]').then(squash)).toMatch(/user:trained-/);
    await page.screenshot({ path: artifactPath('training-grpo.png'), fullPage: true });
    await switchTheme(page, 'dark');
    await page.screenshot({ path: artifactPath('training-grpo-dark.png'), fullPage: true });
    await switchTheme(page, 'light');

    await page.click('[data-testid=compare] summary');
    await page.check(`[data-testid=compare-${cotJobId}]`);
    // Step time is a series both runs have: the CoT job's steps join the GRPO job's three.
    await expect.poll(() => points(page, 'step-time')).toBeGreaterThan(3 + 4);
    await page.locator('[data-testid=chart-step-time]').screenshot({ path: artifactPath('training-compare.png') });

    // The trained model is in Models, where it can be activated.
    await page.click('[data-testid=nav-models]');
    await expect.poll(() => page.locator('[data-testid=model-row][data-key^="user:trained-"]').count()).toBe(1);
  }, 420_000);

  it('offers the reasoning reward model stage with the clinician ratings that go in, and the R_reason scorer choice', async () => {
    await page.click('[data-testid=nav-training]');
    await page.click('[data-testid=training-tab-new]');
    await page.selectOption('[data-testid=job-stage]', 'reward-model');
    // The form lists the reward models after it mounts: wait for the choice, not for time.
    await expect.poll(() => page.inputValue('[data-testid=base-reward-model]'), { timeout: 20_000 }).toBe('shipped:default');
    await expect
      .poll(() => page.textContent('[data-testid=clinician-ratings]').then(squash))
      .toMatch(/1 clinician rating from the app’s reviews will go in/);
    await expect
      .poll(() => page.textContent('[data-testid=base-reward-figures]').then(squash))
      .toMatch(/clinician ratings? went into its training[\s\S]*Factual alignment[\s\S]*Fluency & structure/);
    await expect.poll(() => page.inputValue('[data-testid=steps]')).toBe('1000');
    await expect.poll(() => page.inputValue('[data-testid=lr]')).toBe('0.0003');
    await expect.poll(() => page.inputValue('[data-testid=corrupted-copies]')).toBe('6');
    expect(await page.locator('[data-testid=base-model]').count()).toBe(0);
    await page.screenshot({ path: artifactPath('training-reward-model-form.png'), fullPage: true });

    await page.selectOption('[data-testid=job-stage]', 'grpo-ptr');
    await expect.poll(() => page.inputValue('[data-testid=scorer]'), { timeout: 20_000 }).toBe('rm:shipped:default');
    await expect.poll(() => page.textContent('[data-testid=scorer-figures]').then(squash)).toMatch(/Spearman ρ/);
    await page.selectOption('[data-testid=ablation]', 'checker');
    await expect.poll(() => page.inputValue('[data-testid=scorer]')).toBe('checker');
    await page.selectOption('[data-testid=ablation]', 'full');
    await expect.poll(() => page.inputValue('[data-testid=scorer]')).toBe('rm:shipped:default');
    await page.selectOption('[data-testid=base-model]', 'shipped:tiny');
    await page.click('[data-testid=source-file]');
    await fillForm(page, {
      'job-name': 'Tiny GRPO scorer e2e',
      'training-file': trainingFile,
      steps: '2',
      warmup: '0',
      'clip-epsilon-high': '0.28',
    });
    await page.click('[data-testid=measure]');
    await page.locator('[data-testid=estimate]').waitFor({ timeout: 120_000 });
    const frozen = String(await page.textContent('[data-testid=estimate]').then(squash));
    expect(frozen).toMatch(/Reasoning scorer \(R_reason\)\s*reasoning reward model: .+\(shipped:default\)/);
    expect(frozen).toMatch(/Ratio clip ε \/ ε_high\s*0\.2 \/ 0\.28/);
    await page.locator('[data-testid=grpo-settings]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('training-reward-model-scorer.png'), fullPage: true });
  });
});
