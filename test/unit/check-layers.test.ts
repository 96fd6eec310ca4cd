import { describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs script without type declarations
import { importsOf, layerViolations, runtimeImportsOf, zodChains } from '../../scripts/check-layers.mjs';

const check = layerViolations as (file: string, specifiers: string[]) => string[];
const read = importsOf as (text: string, fileName: string) => string[];
const readRuntime = runtimeImportsOf as (text: string, fileName: string) => string[];
const chains = zodChains as (entries: string[], read: (file: string) => string | undefined) => string[];

describe('the layer rule', () => {
  it('finds static, dynamic, type-only and re-exported imports, also inside Svelte scripts', () => {
    const ts = `import a from 'zod'; import type { B } from './b'; export * from '../c'; const d = await import('node:fs');`;
    expect(read(ts, 'x.ts')).toEqual(['zod', './b', '../c', 'node:fs']);
    expect(read(`<script lang="ts">import X from './X.svelte';</script><p>hi</p>`, 'A.svelte')).toEqual(['./X.svelte']);
  });

  it('keeps shared/ free of Node, Electron and other layers', () => {
    expect(check('shared/ipc/contract.ts', ['zod', '../types/system'])).toEqual([]);
    expect(check('shared/ipc/contract.ts', ['node:fs'])).toHaveLength(1);
    expect(check('shared/ipc/contract.ts', ['fs'])).toHaveLength(1);
    expect(check('shared/ipc/contract.ts', ['electron'])).not.toEqual([]);
    expect(check('shared/types/x.ts', ['../../main/store/database'])).toHaveLength(1);
  });

  it('keeps main/ out of the renderer and electron inside main/electron/', () => {
    expect(check('main/host/app-services.ts', ['../../renderer/App.svelte'])).toHaveLength(1);
    expect(check('main/host/app-services.ts', ['electron'])).toHaveLength(1);
    expect(check('main/electron/main.ts', ['electron'])).toEqual([]);
  });

  it('keeps main/ layered: the store at the bottom, services below the handlers (tests may reach across)', () => {
    expect(check('main/store/analysis-repository.ts', ['../analysis/prosody-json'])).toHaveLength(1);
    expect(check('main/store/database.ts', ['../ipc/app-error'])).toHaveLength(1);
    expect(check('main/store/database.ts', ['./migrations', '../../shared/errors/app-error'])).toEqual([]);
    expect(check('main/analysis/explanation-service.ts', ['../library/library-service'])[0]).toMatch(/must not import main\/library\//);
    expect(check('main/library/library-service.ts', ['../analysis/analysis-client'])).toEqual([]);
    expect(check('main/jobs/run-config.ts', ['../host/paths'])).toHaveLength(1);
    expect(check('main/host/app-services.ts', ['../library/library-service', '../jobs/run-config'])).toEqual([]);
    expect(check('main/store/analysis-repository.test.ts', ['../analysis/prosody-json'])).toEqual([]);
  });

  it('keeps the handlers on the services: only the composition root beside them reaches the store', () => {
    expect(check('main/host/handlers/analysis-handlers.ts', ['../../store/review-repository'])[0]).toMatch(
      /main\/host\/handlers\/ sits on the services, not the store/,
    );
    expect(check('main/host/handlers/context.ts', ['../../reviews/review-service'])).toEqual([]);
    expect(check('main/host/compose-library-area.ts', ['../store/database', './handlers/context'])).toEqual([]);
    expect(check('main/host/handlers/handlers.test.ts', ['../../store/database'])).toEqual([]);
  });

  it('lets only the ONNX backend module import onnxruntime-node', () => {
    expect(check('main/ml/backends/onnx.ts', ['onnxruntime-node'])).toEqual([]);
    expect(check('main/ml/generation/sample.ts', ['onnxruntime-node'])).toHaveLength(1);
  });

  it('keeps the renderer away from main/, Node and electron', () => {
    expect(check('renderer/lib/ipc/api.ts', ['../../../shared/ipc/api'])).toEqual([]);
    expect(check('renderer/App.svelte', ['../main/host/paths'])).toHaveLength(1);
    expect(check('renderer/App.svelte', ['node:path'])).toHaveLength(1);
    expect(check('renderer/App.svelte', ['electron'])).toHaveLength(1);
  });
});

describe('the zod-free page', () => {
  it('counts only imports that survive compilation (verbatimModuleSyntax keeps `import { type A }`)', () => {
    const ts = `import type { A } from './a'; import { type B } from './b'; import { c, type C } from './c'; export type { D } from './d'; export * from './e'; await import('./f');`;
    expect(readRuntime(ts, 'x.ts')).toEqual(['./b', './c', './e', './f']);
    expect(readRuntime(`<script lang="ts">import type { X } from './x'; import { y } from './y';</script>`, 'A.svelte')).toEqual(['./y']);
  });

  it('follows the renderer into shared/ and names the chain that reaches zod', () => {
    const files: Record<string, string> = {
      'renderer/App.svelte': `<script lang="ts">import { api } from './lib/api'; import type { T } from '../shared/types/t';</script>`,
      'renderer/lib/api.ts': `import { names } from '../../shared/ipc/names'; export const api = names;`,
      'shared/ipc/names.ts': `import { z } from 'zod'; export const names = z.string();`,
      'shared/types/t.ts': `import { z } from 'zod';`,
    };
    expect(chains(['renderer/App.svelte'], (file) => files[file])).toEqual([
      'renderer/App.svelte → renderer/lib/api.ts → shared/ipc/names.ts → zod',
    ]);
    files['shared/ipc/names.ts'] = `export const names = ['a.b'] as const;`;
    expect(chains(['renderer/App.svelte'], (file) => files[file])).toEqual([]);
  });
});
