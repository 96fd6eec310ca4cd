// Thread entry of the analysis worker (bundled to dist/main/analysis-worker.mjs).
import { parentPort } from 'node:worker_threads';
import { serveAnalysisRequests } from './analysis-worker';

if (!parentPort) throw new Error('analysis-worker-entry must run in a worker thread');
serveAnalysisRequests(parentPort);
