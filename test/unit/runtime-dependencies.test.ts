// What the app runs (main/, outside its tests) may import at run time only Node's own modules, its
// own files and the packages in package.json's `dependencies`: a devDependency is not installed with
// the packaged app, so an import of one works here and fails for a user (issue 13: the recipe's
// tokenizer trainer imported `tokenizers`, then a devDependency). Type-only imports are erased and
// count for nothing; `electron` is provided by the Electron runtime itself, and electron-builder
// requires it to be a devDependency.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs script without type declarations
import { runtimeImportsOf } from '../../scripts/check-layers.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const readRuntime = runtimeImportsOf as (text: string, fileName: string) => string[];
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const PROVIDED_BY_RUNTIME = new Set(['electron']);

/** 'a/b/c' → 'a', '@scope/name/x' → '@scope/name'. */
const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

/** The packages `text` needs at run time that `dependencies` does not hold. */
function undeclaredRuntimePackages(text: string, fileName: string, dependencies: Record<string, string>): string[] {
  return readRuntime(text, fileName)
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s))
    .map(packageOf)
    .filter((name) => !(name in dependencies) && !PROVIDED_BY_RUNTIME.has(name));
}

function appSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return appSources(file);
    return file.endsWith('.ts') && !file.endsWith('.test.ts') ? [file] : [];
  });
}

describe('the packages the app imports at run time', () => {
  it('tells a run-time import of a devDependency from a type-only one', () => {
    const deps = { zod: '^4' };
    expect(undeclaredRuntimePackages(`import { BPE } from 'tokenizers'; import { z } from 'zod';`, 'x.ts', deps)).toEqual(['tokenizers']);
    expect(
      undeclaredRuntimePackages(`import type { Page } from 'playwright-core'; export type { X } from 'vitest';`, 'x.ts', deps),
    ).toEqual([]);
    expect(undeclaredRuntimePackages(`const { load } = await import('yaml/dist');`, 'x.ts', deps)).toEqual(['yaml']);
    expect(
      undeclaredRuntimePackages(`import { readFileSync } from 'node:fs'; import path from 'path'; import './local';`, 'x.ts', deps),
    ).toEqual([]);
  });

  it('are all in dependencies, not only in devDependencies', () => {
    const offenders = appSources(path.join(ROOT, 'main')).flatMap((file) =>
      undeclaredRuntimePackages(readFileSync(file, 'utf8'), file, pkg.dependencies).map(
        (name) =>
          `${path.relative(ROOT, file)} imports ${name}${name in pkg.devDependencies ? ' (a devDependency)' : ' (not in package.json)'}`,
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('include the tokenizer trainer’s library, which the recipe runs', () => {
    const trainer = path.join(ROOT, 'main/ml/recipe/train-tokenizer.ts');
    expect(readRuntime(readFileSync(trainer, 'utf8'), trainer)).toContain('tokenizers');
    expect(pkg.dependencies).toHaveProperty('tokenizers');
    expect(pkg.devDependencies).not.toHaveProperty('tokenizers');
  });
});
