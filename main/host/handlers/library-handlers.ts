// library.* and import.*: listing, delete/undo, bulk re-analysis, and chunked uploads from the page.
import { randomUUID } from 'node:crypto';
import type { ReanalyzeProgress } from '../../../shared/types/library';
import { describeError, errorCodeOf } from '../../../shared/errors/coded-error';
import { explainWithActiveModel, type ExplainsWithActiveModel, type HandlerGroup, type Uses } from './context';

export function libraryHandlers(ctx: Uses<'library' | 'events'> & ExplainsWithActiveModel): HandlerGroup<'library'> {
  return {
    'library.list': (query) => ctx.library.list(query),
    'library.get': ({ recordingId }) => ctx.library.get(recordingId),
    'library.delete': ({ recordingIds }) => {
      const deleted = ctx.library.delete(recordingIds);
      ctx.events.emit('library.changed', {});
      return { deleted };
    },
    'library.restore': ({ recordingIds }) => {
      const restored = ctx.library.restore(recordingIds);
      ctx.events.emit('library.changed', {});
      return { restored };
    },
    'library.reanalyze': ({ recordingIds }) => {
      const jobId = randomUUID();
      void reanalyzeAll(ctx, jobId, recordingIds);
      return { jobId };
    },
  };
}

/** Re-analyzes one recording after another, pushing progress after each. */
async function reanalyzeAll(
  ctx: Uses<'library' | 'events'> & ExplainsWithActiveModel,
  jobId: string,
  ids: readonly string[],
): Promise<void> {
  const progress: ReanalyzeProgress = { jobId, done: 0, total: ids.length, current: null, failures: [], finished: false };
  for (const id of ids) {
    let name = id;
    try {
      name = ctx.library.get(id).originalName;
      progress.current = name;
      ctx.events.emit('library.reanalyzeProgress', { ...progress });
      await ctx.library.reanalyze(id);
      // The model's part too, so the newest analysis carries the active model's explanation.
      await explainWithActiveModel(ctx, id);
    } catch (error) {
      progress.failures.push({ recordingId: id, name, error: { code: errorCodeOf(error, 'internal'), message: describeError(error) } });
    }
    progress.done += 1;
  }
  progress.current = null;
  progress.finished = true;
  ctx.events.emit('library.reanalyzeProgress', { ...progress });
  ctx.events.emit('library.changed', {});
}

export function importHandlers(ctx: Uses<'library' | 'uploads' | 'events'> & ExplainsWithActiveModel): HandlerGroup<'import'> {
  return {
    'import.begin': async ({ name, sizeBytes }, caller) => {
      const uploadId = await ctx.uploads.begin(name, sizeBytes, caller.clientId);
      ctx.events.emit('import.progress', { uploadId, name, stage: 'uploading', fraction: 0 });
      return { uploadId };
    },
    'import.chunk': async ({ uploadId, offset, dataBase64 }) => ({
      receivedBytes: await ctx.uploads.append(uploadId, offset, Buffer.from(dataBase64, 'base64')),
    }),
    'import.finish': async ({ uploadId }) => {
      const name = ctx.uploads.nameOf(uploadId);
      const emit = (stage: 'decoding' | 'analyzing', fraction: number) =>
        ctx.events.emit('import.progress', { uploadId, name, stage, fraction });
      try {
        const file = await ctx.uploads.complete(uploadId);
        emit('decoding', 0.5);
        const added = await ctx.library.addFile(file, 'import', (stage) => emit(stage, stage === 'decoding' ? 0.6 : 0.8));
        ctx.events.emit('import.progress', {
          uploadId,
          name,
          stage: 'done',
          fraction: 1,
          recordingId: added.recording.id,
          duplicate: added.duplicate,
        });
        ctx.events.emit('library.changed', {});
        // The explanation follows in the background: the charts need not wait for the model.
        if (!added.duplicate) void explainWithActiveModel(ctx, added.recording.id);
        return added;
      } catch (error) {
        ctx.events.emit('import.progress', {
          uploadId,
          name,
          stage: 'failed',
          fraction: 1,
          error: { code: errorCodeOf(error, 'internal'), message: describeError(error) },
        });
        throw error;
      }
    },
    'import.cancel': async ({ uploadId }) => {
      await ctx.uploads.cancel(uploadId);
      return {};
    },
  };
}
