// Bundles the main-process entry points with esbuild. Native modules (and electron) stay external:
// they are loaded from node_modules at run time (asar-unpacked when packaged).
import { build } from 'esbuild';

const external = ['electron', 'onnxruntime-node', 'better-sqlite3', 'ws', 'bufferutil', 'utf-8-validate'];
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, external, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['main/electron/main.ts'], outfile: 'dist/main/electron-main.cjs', format: 'cjs' }),
  // A sandboxed preload can only require('electron'): everything else is bundled in.
  build({ ...common, entryPoints: ['main/electron/preload.ts'], outfile: 'dist/main/preload.cjs', format: 'cjs', external: ['electron'] }),
  build({ ...common, entryPoints: ['main/host/browser-host.ts'], outfile: 'dist/main/browser-host.mjs', format: 'esm',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" } }),
]);
console.log('main bundles written to dist/main/');
