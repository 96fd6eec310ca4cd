// Process entry of the training worker (started by TrainingJobClient through main/system/worker-process.ts).
import { serveTrainingJobOverIpc } from './training-worker';

serveTrainingJobOverIpc();
