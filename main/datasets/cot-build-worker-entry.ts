// Process entry of the EmotionCoT build (started by startCotBuild through main/system/worker-process.ts; bundled
// to dist/main/cot-build-worker.mjs).
import { serveCotBuildOverIpc } from './cot-build-worker';

serveCotBuildOverIpc();
