// calibration.*: calibrations to the user's recordings, made from a Library selection, listed,
// made active (the one every new analysis is relative to), deleted and saved as a CLI file.
import type { HandlerGroup, Uses } from './context';

export function calibrationHandlers(ctx: Uses<'library' | 'events'>): HandlerGroup<'calibration'> {
  const { library } = ctx;
  const changed = () => ctx.events.emit('calibration.changed', {});
  return {
    'calibration.list': () => library.listCalibrations(),
    'calibration.create': ({ name, recordingIds, baselineRecordingId, activate }) => {
      const created = library.addCalibration(library.calibrate(recordingIds, name, baselineRecordingId), { activate });
      changed();
      return { created, listing: library.listCalibrations() };
    },
    'calibration.setActive': ({ id }) => {
      const listing = library.setActiveCalibration(id);
      changed();
      return listing;
    },
    'calibration.delete': ({ id }) => {
      const listing = library.deleteCalibration(id);
      changed();
      return listing;
    },
    'calibration.export': ({ id }) => {
      const calibration = library.calibration(id);
      const slug =
        calibration.name
          .replace(/[^\p{L}\p{N}]+/gu, '-')
          .replace(/^-|-$/g, '')
          .toLowerCase() || 'calibration';
      return { fileName: `${slug}.calibration.json`, mimeType: 'application/json', text: `${JSON.stringify(calibration, null, 2)}\n` };
    },
  };
}
