import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EVIDENCE_NORMS_FILE, folderVoiceQualityNorms } from './evidence-norms';

const dirs: string[] = [];
const folderWith = (content?: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'norms-'));
  dirs.push(dir);
  if (content !== undefined) writeFileSync(path.join(dir, EVIDENCE_NORMS_FILE), content);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const norms = { breathyHnrDb: 6.6, roughJitter: 0.065, roughShimmer: 0.158, clearHnrDb: 11.5, clearJitter: 0.055 };

describe("a model folder's voice-quality norms", () => {
  it('are read from evidence-norms.json, and absent (null) without the file', () => {
    expect(folderVoiceQualityNorms(folderWith(JSON.stringify({ voiceQualityNorms: norms, other: 1 })))).toEqual(norms);
    expect(folderVoiceQualityNorms(folderWith())).toBeNull();
  });

  it('refuse a file with a missing or non-numeric threshold, naming it', () => {
    const dir = folderWith(JSON.stringify({ voiceQualityNorms: { ...norms, roughShimmer: 'high' } }));
    expect(() => folderVoiceQualityNorms(dir)).toThrow(/voiceQualityNorms\.roughShimmer must be a finite number/);
    expect(() => folderVoiceQualityNorms(folderWith('{not json'))).toThrow(/is not JSON/);
  });
});
