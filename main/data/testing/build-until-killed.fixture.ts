// Child process for the kill-mid-build test: builds slowly (one record per 150 ms) until killed.
import { buildEmotionCot } from '../cot/build-cot';

const [dataDir, outFile] = process.argv.slice(2);
await buildEmotionCot({
  dataDir: dataDir!,
  outFile: outFile!,
  seed: 3,
  afterRecord: () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150),
});
