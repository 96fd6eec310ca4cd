#!/usr/bin/env node
// Launcher of the `emotionthinker` command (package.json "bin"). The CLI is TypeScript in
// scripts/cli; tsx (a dependency of the project) compiles it on the fly in this same process, so a
// fresh clone works right after `npm install`, with no build step and no second Node process.
import { register } from 'tsx/esm/api';

register();
const { main, processOutput } = await import('../scripts/cli/emotionthinker.ts');
process.exitCode = await main(process.argv.slice(2), processOutput);
