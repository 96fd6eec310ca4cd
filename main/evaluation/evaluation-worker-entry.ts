// Process entry of the evaluation worker (started by EvaluationService through main/system/worker-process.ts).
import { serveEvaluationOverIpc } from './evaluation-worker';

serveEvaluationOverIpc();
