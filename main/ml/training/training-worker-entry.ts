// Process entry of the training worker (started by TrainingJobClient with child_process.fork).
import { serveTrainingJobOverIpc } from './training-worker';

serveTrainingJobOverIpc();
