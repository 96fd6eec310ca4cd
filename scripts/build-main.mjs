// Bundles the main-process entry points with esbuild. Native modules (and electron) stay external:
// they are loaded from node_modules at run time (asar-unpacked when packaged).
import { build } from 'esbuild';

// audio-decode loads its codecs with dynamic imports (some optional), and libsamplerate ships wasm:
// both are resolved from node_modules at run time rather than bundled.
const external = [
  'electron',
  'onnxruntime-node',
  'better-sqlite3-multiple-ciphers',
  'tokenizers',
  'ws',
  'bufferutil',
  'utf-8-validate',
  'audio-decode',
  '@audio/*',
  '@alexanderolsen/libsamplerate-js',
];
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, external, logLevel: 'warning' };
const esmRequire = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
// CommonJS has no import.meta: modules that locate files beside themselves (the analysis worker,
// fft.js via createRequire) get the bundle's own file URL instead.
const cjsImportMeta = {
  define: { 'import.meta.url': '__bundleFileUrl' },
  banner: { js: "const __bundleFileUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await Promise.all([
  build({ ...common, ...cjsImportMeta, entryPoints: ['main/electron/main.ts'], outfile: 'dist/main/electron-main.cjs', format: 'cjs' }),
  // A sandboxed preload can only require('electron'): everything else is bundled in.
  build({ ...common, entryPoints: ['main/electron/preload.ts'], outfile: 'dist/main/preload.cjs', format: 'cjs', external: ['electron'] }),
  build({
    ...common,
    entryPoints: ['main/host/browser-host.ts'],
    outfile: 'dist/main/browser-host.mjs',
    format: 'esm',
    banner: { js: esmRequire },
  }),
  // The analysis worker thread (decode + prosody off the main thread), found beside either host bundle.
  build({
    ...common,
    entryPoints: ['main/analysis/analysis-worker-entry.ts'],
    outfile: 'dist/main/analysis-worker.mjs',
    format: 'esm',
    banner: { js: esmRequire },
  }),
  // The training worker process (TrainingJobClient starts it through main/system/worker-process.ts), found beside either host bundle.
  build({
    ...common,
    entryPoints: ['main/ml/training/training-worker-entry.ts'],
    outfile: 'dist/main/training-worker.mjs',
    format: 'esm',
    banner: { js: esmRequire },
  }),
  // The EmotionCoT build's child process (decode + analyze every clip of a dataset), beside the hosts.
  build({
    ...common,
    entryPoints: ['main/datasets/cot-build-worker-entry.ts'],
    outfile: 'dist/main/cot-build-worker.mjs',
    format: 'esm',
    banner: { js: esmRequire },
  }),
  // The evaluation's child process (decode + run the model on every clip), beside the hosts.
  build({
    ...common,
    entryPoints: ['main/evaluation/evaluation-worker-entry.ts'],
    outfile: 'dist/main/evaluation-worker.mjs',
    format: 'esm',
    banner: { js: esmRequire },
  }),
]);
console.log('main bundles written to dist/main/');
