// The shipped calibration: level tertiles pooled over the default model's training corpora (RAVDESS
// and nEMO), made by scripts/prosody/calibrate.ts (regenerate with `npm run prosody:calibrate` after
// changing any measure). An analysis uses it unless the user calibrated to their own recordings, and
// then says its levels are relative to these corpora.
import type { ProsodyCalibration } from '../../shared/types/prosody';
import trainingCorpora from '../../resources/calibration/training-corpora.json';
import { validateCalibration } from './calibration';

export const DEFAULT_CALIBRATION: ProsodyCalibration = validateCalibration(trainingCorpora);
