// Puts a finished, checked folder in place of `outDir` (the default model, a published one): the old
// folder is moved aside first and removed only after the new one is in place, so at no moment is there
// neither, and a crash in between leaves the old one beside it under a name that says so.
import { existsSync, renameSync, rmSync } from 'node:fs';

export function replaceFolder(staging: string, outDir: string): void {
  const previous = `${outDir}.previous-${process.pid}`;
  if (existsSync(outDir)) renameSync(outDir, previous);
  renameSync(staging, outDir);
  rmSync(previous, { recursive: true, force: true });
}
