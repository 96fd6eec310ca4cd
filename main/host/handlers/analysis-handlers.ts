// analysis.*, recordings.* and review.*: what the Analyze and Review views draw, play and save.
import type { HandlerGroup, LibraryContext } from './context';

export function analysisHandlers(ctx: LibraryContext): HandlerGroup<'analysis'> {
  return {
    'analysis.get': ({ recordingId }) => ctx.library.analysisView(recordingId),
    'analysis.waveform': ({ recordingId, startS, endS, columns }) => ctx.library.waveform(recordingId, startS, endS, columns),
    'analysis.spectrogram': ({ recordingId, startS, endS, columns }) => ctx.library.spectrogram(recordingId, startS, endS, columns),
  };
}

export function recordingsHandlers(ctx: LibraryContext): HandlerGroup<'recordings'> {
  return {
    'recordings.audioChunk': ({ recordingId, offset, length }) => ctx.library.audioChunk(recordingId, offset, length),
  };
}

export function reviewHandlers(ctx: LibraryContext): HandlerGroup<'review'> {
  return {
    'review.get': ({ recordingId }) => {
      ctx.library.get(recordingId);
      return { review: ctx.reviews.get(recordingId), history: ctx.reviews.history(recordingId) };
    },
    'review.update': ({ recordingId, changes }) => {
      ctx.library.get(recordingId);
      const review = ctx.reviews.update(recordingId, changes);
      if (changes.label !== undefined) ctx.events.emit('library.changed', {});
      return review;
    },
  };
}
