import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './host-process';

/** Path for a screenshot or export under test/artifacts/ (kept out of git, looked at by people). */
export function artifactPath(name: string): string {
  const dir = join(projectRoot, 'test', 'artifacts');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
