// analysis.*, recordings.* and review.*: what the Analyze and Review views draw, play and save.
import { AppError } from '../../../shared/errors/app-error';
import type { HandlerGroup, Uses } from './context';

export function analysisHandlers(ctx: Uses<'library' | 'models' | 'explanations'>): HandlerGroup<'analysis'> {
  return {
    'analysis.get': ({ recordingId }) => ctx.library.analysisView(recordingId),
    'analysis.explain': ({ recordingId, modelKey }) => {
      ctx.library.get(recordingId);
      const model = modelKey ? ctx.models.usable(modelKey) : activeModel(ctx);
      return ctx.explanations.start(recordingId, model).run;
    },
    'analysis.explainSelection': ({ recordingId, startS, endS }) => {
      ctx.library.get(recordingId);
      return ctx.explanations.explainSelection(recordingId, activeModel(ctx), { startS, endS });
    },
    'analysis.explanationProgress': ({ recordingId }) => {
      ctx.library.get(recordingId);
      return ctx.explanations.progress(recordingId);
    },
    'analysis.waveform': ({ recordingId, startS, endS, columns }) => ctx.library.waveform(recordingId, startS, endS, columns),
    'analysis.spectrogram': ({ recordingId, startS, endS, columns }) => ctx.library.spectrogram(recordingId, startS, endS, columns),
  };
}

/** The active emotion model; a conflict the page can show when none is. */
function activeModel(ctx: Uses<'models'>) {
  const model = ctx.models.active();
  if (!model) throw new AppError('conflict', 'No emotion model is active: choose one in the Models area.');
  return model;
}

export function recordingsHandlers(ctx: Uses<'library'>): HandlerGroup<'recordings'> {
  return {
    'recordings.audioChunk': ({ recordingId, offset, length }) => ctx.library.audioChunk(recordingId, offset, length),
  };
}

export function reviewHandlers(ctx: Uses<'reviews' | 'events'>): HandlerGroup<'review'> {
  return {
    'review.get': ({ recordingId }) => ctx.reviews.withHistory(recordingId),
    'review.update': ({ recordingId, changes }) => {
      const review = ctx.reviews.update(recordingId, changes);
      if (changes.label !== undefined) ctx.events.emit('library.changed', {});
      return review;
    },
  };
}
