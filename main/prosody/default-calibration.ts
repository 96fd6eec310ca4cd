// The shipped calibration: RAVDESS tertiles made by scripts/prosody/calibrate.ts
// (regenerate with `npm run prosody:calibrate` after changing any measure).
import type { ProsodyCalibration } from '../../shared/types/prosody';
import ravdess from '../../resources/calibration/ravdess.json';
import { validateCalibration } from './calibration';

export const DEFAULT_CALIBRATION: ProsodyCalibration = validateCalibration(ravdess);
