// calibration.*: calibrations to the user's recordings, made from a Library selection, listed,
// made active (the one every new analysis is relative to), deleted and saved as a CLI file.
import type { HandlerGroup, Uses } from './context';

export function calibrationHandlers(ctx: Uses<'library' | 'events'>): HandlerGroup<'calibration'> {
  const store = ctx.library.calibrations;
  const changed = () => ctx.events.emit('calibration.changed', {});
  return {
    'calibration.list': () => store.list(),
    'calibration.create': ({ name, recordingIds, baselineRecordingId, activate }) => {
      const calibration = ctx.library.calibrate(recordingIds, name, baselineRecordingId);
      const created = store.add(calibration, { activate });
      changed();
      return { created, listing: store.list() };
    },
    'calibration.setActive': ({ id }) => {
      const listing = store.setActive(id);
      changed();
      return listing;
    },
    'calibration.delete': ({ id }) => {
      const listing = store.delete(id);
      changed();
      return listing;
    },
    'calibration.export': ({ id }) => {
      const calibration = store.get(id);
      const slug =
        calibration.name
          .replace(/[^\p{L}\p{N}]+/gu, '-')
          .replace(/^-|-$/g, '')
          .toLowerCase() || 'calibration';
      return { fileName: `${slug}.calibration.json`, mimeType: 'application/json', text: `${JSON.stringify(calibration, null, 2)}\n` };
    },
  };
}
