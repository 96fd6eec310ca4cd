// The training area's handlers (channels in shared/ipc/contracts/training.ts), over one
// TrainingJobService per app: its jobs live in <data folder>/jobs and its exports in <data folder>/models.
import path from 'node:path';
import { AppError } from '../../../shared/errors/app-error';
import { TrainingJobService } from '../../jobs/training-job-service';
import { exportRl } from '../../ml/rl-export/export-rl';
import { RlExportError } from '../../ml/rl-export/rl-export-error';
import type { HandlerGroup, ResearchContext } from './context';

export function trainingHandlers(ctx: ResearchContext): HandlerGroup<'training'> {
  const service = new TrainingJobService({
    dataDir: ctx.dataDir,
    models: ctx.models,
    datasets: ctx.datasets,
    onProgress: (progress) => ctx.events.emit('training.progress', progress),
    onChanged: (jobId) => ctx.events.emit('training.changed', { jobId }),
    onModelExported: () => ctx.events.emit('models.changed', {}),
    log: (line) => ctx.log(`training: ${line}`),
    // A reward-model job reads every clinician rating in the app's reviews (issue 12, data source (c)).
    ratedExplanations: () => ctx.reviews.ratedExplanations(),
  });
  // Closing checkpoints the running job and leaves it interrupted, to resume at the next start.
  ctx.onClose(() => service.close());
  return {
    'training.estimate': (form) => service.estimate(form),
    'training.start': ({ form, estimate }) => service.create(form, estimate),
    'training.list': () => ({ jobs: service.list() }),
    'training.get': ({ jobId }) => service.get(jobId),
    'training.metrics': ({ jobId, points }) => service.metrics(jobId, points),
    'training.completions': ({ jobId, ...query }) => service.completions(jobId, query),
    'training.log': ({ jobId, lines }) => ({ lines: service.log(jobId, lines) }),
    'training.pause': ({ jobId }) => service.pause(jobId),
    'training.resume': ({ jobId, changes }) => service.resume(jobId, changes),
    'training.cancel': ({ jobId }) => service.cancel(jobId),
    'training.exportRl': async ({ datasetId, engine, copyAudio }) => {
      const file = await ctx.datasets.trainingFile(datasetId, 'all');
      const active = ctx.models.active();
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      try {
        // The labels (and voice-quality norms) of the active model make the prompt as its own GRPO-PTR does.
        const result = exportRl({
          engine,
          dataset: file.path,
          out: path.join(ctx.dataDir, 'exports', `rl-${engine}-${datasetId.slice(0, 8)}-${stamp}`),
          ...(active && !active.details.testModel ? { modelDir: active.dir } : {}),
          ...(copyAudio ? { copyAudio } : {}),
          adapterFile: path.join(path.dirname(ctx.models.shippedRoot), 'rl-adapter', 'emotionthinker_reward.py'),
        });
        ctx.log(`training: exported ${file.description} for ${engine} to ${result.outDir}`);
        return { outDir: result.outDir, files: result.files, train: result.train, val: result.val };
      } catch (error) {
        if (error instanceof RlExportError) throw new AppError(error.code, error.message);
        throw error;
      }
    },
    'training.rewardModels': () => {
      const models = service.rewardModels.list();
      return { models, defaultKey: service.rewardModels.defaultKey(models), clinicianRatings: service.clinicianRatings() };
    },
  };
}
