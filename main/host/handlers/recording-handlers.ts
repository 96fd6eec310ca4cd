// recording.*: microphone PCM in, live prosody frames out, and recovery of interrupted recordings.
import { explainWithActiveModel, type ExplainsWithActiveModel, type HandlerGroup, type Uses } from './context';

export function recordingHandlers(
  ctx: Uses<'recordings' | 'liveEmotion' | 'events' | 'library'> & ExplainsWithActiveModel,
): HandlerGroup<'recording'> {
  return {
    'recording.start': async ({ sampleRate, channels }, caller) => {
      const sessionId = await ctx.recordings.start(sampleRate, channels, caller.clientId);
      ctx.liveEmotion.begin(sessionId, ctx.models.active(), ctx.library.activeCalibration());
      return { sessionId };
    },
    'recording.chunk': async ({ sessionId, seq, pcmBase64 }) => {
      const bytes = Buffer.from(pcmBase64, 'base64');
      // Copy into an aligned buffer: a Float32Array view needs a 4-byte aligned offset.
      const samples = new Float32Array(bytes.length >> 2);
      new Uint8Array(samples.buffer).set(bytes.subarray(0, samples.length * 4));
      const outcome = await ctx.recordings.push(sessionId, seq, samples);
      ctx.liveEmotion.push(sessionId, outcome.samples);
      if (outcome.frames.length > 0) {
        ctx.events.emit('recording.liveFrames', {
          sessionId,
          frames: outcome.frames.map((f) => ({ ...f, intensityDb: Number.isFinite(f.intensityDb) ? f.intensityDb : null })),
          writtenS: outcome.writtenS,
          processingMs: outcome.processingMs,
        });
      }
      return { writtenS: outcome.writtenS };
    },
    'recording.stop': async ({ sessionId, name }) => {
      ctx.liveEmotion.end(sessionId);
      const recording = await ctx.recordings.stop(sessionId, name);
      ctx.events.emit('library.changed', {});
      void explainWithActiveModel(ctx, recording.id);
      return recording;
    },
    'recording.listInterrupted': () => ctx.recordings.listInterrupted(),
    'recording.recover': async ({ id }) => {
      const recording = await ctx.recordings.recover(id);
      ctx.events.emit('library.changed', {});
      void explainWithActiveModel(ctx, recording.id);
      return recording;
    },
    'recording.discard': async ({ id }) => {
      await ctx.recordings.discard(id);
      return {};
    },
  };
}
