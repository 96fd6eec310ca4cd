// The import rule that keeps the layers honest (VS Code's layer check, in small): shared/ runs
// anywhere, so no Node, DOM-host or Electron imports; main/ never reaches into the renderer; the
// renderer reaches main only through the preload API; one module imports electron's APIs per place,
// one module imports onnxruntime-node. Imports are read with TypeScript's own pre-processor.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const SHARED_ALLOWED_PACKAGES = new Set(['zod']);
const SOURCE = /\.(ts|mts|cts|svelte|js|mjs)$/;

/** The module specifiers a source file imports (static, dynamic, re-exports, require). */
export function importsOf(text, fileName) {
  const code = fileName.endsWith('.svelte')
    ? [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')
    : text;
  return ts.preProcessFile(code, true, true).importedFiles.map((f) => f.fileName);
}

/** Violations of the layer rules for one file (path relative to the project root, '/'-separated). */
export function layerViolations(file, specifiers) {
  const problems = [];
  const layer = file.split('/')[0];
  for (const spec of specifiers) {
    const target = spec.startsWith('.') ? join(dirname(file), spec).split(sep).join('/') : null;
    const pkg = target ? null : spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    const say = (why) => problems.push(`${file}: imports '${spec}' — ${why}`);
    if (layer === 'shared') {
      if (target && !target.startsWith('shared/')) say('shared/ may only import shared/');
      if (pkg && NODE_BUILTINS.has(spec)) say('shared/ must run anywhere: no Node built-ins');
      if (pkg && !NODE_BUILTINS.has(spec) && !SHARED_ALLOWED_PACKAGES.has(pkg) && !file.endsWith('.test.ts')) say(`shared/ may use only ${[...SHARED_ALLOWED_PACKAGES].join(', ')}`);
    }
    if (layer === 'main' && target?.startsWith('renderer/')) say('main/ never imports the renderer');
    if (layer === 'renderer') {
      if (target?.startsWith('main/')) say('the renderer reaches main only through the preload API');
      if (pkg && NODE_BUILTINS.has(spec)) say('the renderer runs in a sandboxed page: no Node built-ins');
      if (pkg === 'electron') say('the renderer never imports electron');
    }
    if (pkg === 'electron' && layer !== 'renderer' && !file.startsWith('main/electron/')) say('only main/electron/ imports electron');
    if (pkg === 'onnxruntime-node' && file !== 'main/ml/backends/onnx.ts') say('only main/ml/backends/onnx.ts imports onnxruntime-node');
  }
  return problems;
}

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    // Build configs (vite.config.ts) run in Node at build time, not in the layer they configure.
    else if (SOURCE.test(entry) && !/\.config\.[cm]?[jt]s$/.test(entry)) yield path;
  }
}

export function checkLayers(root) {
  const problems = [];
  for (const layer of ['shared', 'main', 'renderer']) {
    for (const path of sourceFiles(join(root, layer))) {
      const file = relative(root, path).split(sep).join('/');
      problems.push(...layerViolations(file, importsOf(readFileSync(path, 'utf8'), file)));
    }
  }
  return problems;
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const problems = checkLayers(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
  if (problems.length) {
    console.error(`Layer rule violations (${problems.length}):\n${problems.join('\n')}`);
    process.exit(1);
  }
  console.log('layers: shared/, main/ and renderer/ imports follow the rules');
}
