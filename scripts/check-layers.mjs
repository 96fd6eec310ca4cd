// The import rule that keeps the layers honest (VS Code's layer check, in small): shared/ runs
// anywhere, so no Node, DOM-host or Electron imports; main/ never reaches into the renderer; the
// renderer reaches main only through the preload API; one module imports electron's APIs per place,
// one module imports onnxruntime-node. Imports are read with TypeScript's own pre-processor.
// And the page stays small: nothing the renderer loads at run time may reach zod (main validates).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const SHARED_ALLOWED_PACKAGES = new Set(['zod']);
const SOURCE = /\.(ts|mts|cts|svelte|js|mjs)$/;

// Inside main/: the store at the bottom, services above it, handlers (main/host) and the shells on
// top. Each rule names an area and the areas above it that it must not reach (tests may); the
// handlers (main/host/handlers/) reach the store only through a service.
const MAIN_SERVICES = ['library', 'analysis', 'recording', 'installed-models', 'datasets', 'jobs', 'evaluation', 'reports', 'reviews'];
const MAIN_RULES = [
  ['store', ['ipc', 'host', 'electron', 'security', ...MAIN_SERVICES], 'is the bottom layer (persistence only)'],
  ['security', ['ipc', 'host', 'electron', ...MAIN_SERVICES], 'sits below the services that use it'],
  [
    'analysis',
    ['host', 'electron', 'library', 'recording', 'jobs', 'datasets', 'evaluation'],
    'is a service the library and recording use',
  ],
  ...[...MAIN_SERVICES, 'ml', 'prosody', 'audio', 'data', 'system'].map((area) => [
    area,
    ['host', 'electron'],
    'is below the handlers and shells',
  ]),
];

/** The code of a source file: a Svelte component's <script> blocks, else the whole text. */
function scriptOf(text, fileName) {
  return fileName.endsWith('.svelte') ? [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n') : text;
}

/** The module specifiers a source file imports (static, dynamic, re-exports, require). */
export function importsOf(text, fileName) {
  return ts.preProcessFile(scriptOf(text, fileName), true, true).importedFiles.map((f) => f.fileName);
}

/**
 * The imports that are still there at run time. Only `import type`/`export type` are erased: under
 * verbatimModuleSyntax `import { type A } from 'x'` stays as `import {} from 'x'`, so it counts.
 */
export function runtimeImportsOf(text, fileName) {
  const source = ts.createSourceFile('x.ts', scriptOf(text, fileName), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found = [];
  const visit = (node) => {
    const spec = ts.isImportDeclaration(node)
      ? node.importClause?.phaseModifier !== ts.SyntaxKind.TypeKeyword && node.moduleSpecifier
      : ts.isExportDeclaration(node)
        ? !node.isTypeOnly && node.moduleSpecifier
        : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0];
    if (spec && ts.isStringLiteral(spec)) found.push(spec.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Follows the renderer's run-time imports (relative ones, into renderer/ and shared/) from `entries`
 * and returns one chain per file on the way that imports zod, e.g. 'a.svelte → shared/x.ts → zod'.
 * `read(file)` gives a root-relative file's text, or undefined when there is no such file.
 */
export function zodChains(entries, read) {
  const importer = new Map(entries.map((file) => [file, null]));
  const queue = [...entries];
  const chains = [];
  const chainTo = (file) => (importer.get(file) ? `${chainTo(importer.get(file))} → ${file}` : file);
  while (queue.length) {
    const file = queue.shift();
    for (const spec of runtimeImportsOf(read(file) ?? '', file)) {
      if (spec === 'zod' || spec.startsWith('zod/')) chains.push(`${chainTo(file)} → zod`);
      if (!spec.startsWith('.')) continue;
      const base = join(dirname(file), spec).split(sep).join('/');
      const target = ['', '.ts', '/index.ts'].map((ext) => base + ext).find((f) => SOURCE.test(f) && read(f) !== undefined);
      if (!target || importer.has(target) || !/^(renderer|shared)\//.test(target)) continue;
      importer.set(target, file);
      queue.push(target);
    }
  }
  return chains;
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
      if (pkg && !NODE_BUILTINS.has(spec) && !SHARED_ALLOWED_PACKAGES.has(pkg) && !file.endsWith('.test.ts'))
        say(`shared/ may use only ${[...SHARED_ALLOWED_PACKAGES].join(', ')}`);
    }
    if (layer === 'main' && target?.startsWith('renderer/')) say('main/ never imports the renderer');
    if (layer === 'main' && target?.startsWith('main/') && !/\.test\.ts$|\/testing\//.test(file)) {
      const from = file.split('/')[1];
      const to = target.split('/')[1];
      for (const [area, above, why] of MAIN_RULES)
        if (from === area && above.includes(to)) say(`main/${area}/ ${why}: it must not import main/${to}/`);
      // The handlers sit on the services; the composition roots beside them (main/host/compose-*.ts) build the store.
      if (file.startsWith('main/host/handlers/') && to === 'store')
        say('main/host/handlers/ sits on the services, not the store: it must not import main/store/');
    }
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
  const renderer = [...sourceFiles(join(root, 'renderer'))].map((path) => relative(root, path).split(sep).join('/'));
  const read = (file) =>
    existsSync(join(root, file)) && statSync(join(root, file)).isFile() ? readFileSync(join(root, file), 'utf8') : undefined;
  for (const chain of zodChains(
    renderer.filter((f) => !f.endsWith('.test.ts')),
    read,
  )) {
    problems.push(
      `${chain} — the page must not load zod (main validates): import its types with 'import type', or move the value to a zod-free module`,
    );
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
