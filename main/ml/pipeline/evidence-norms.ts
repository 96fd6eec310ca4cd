// Corpus norms that give the checker's voice-quality words (breathy, rough, clear) a measurable
// meaning. A model trained on EmotionCoT traces says "breathy" by its corpus' norms, so its folder
// may carry them: `evidence-norms.json` = {"voiceQualityNorms": {...}} (the CoT build's meta.json
// has the same object). Without the file those claims are checked as 'unverifiable', never guessed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { VoiceQualityNorms } from '../../data';
import { ModelFolderError } from '../models/model-folder';

/** File name of the norms in a model folder. */
export const EVIDENCE_NORMS_FILE = 'evidence-norms.json';

const NORM_KEYS = ['breathyHnrDb', 'roughJitter', 'roughShimmer', 'clearHnrDb', 'clearJitter'] as const;
const cache = new Map<string, VoiceQualityNorms | null>();

/** The folder's voice-quality norms, null when it ships none; a malformed file is a ModelFolderError. */
export function folderVoiceQualityNorms(dir: string): VoiceQualityNorms | null {
  const file = path.join(dir, EVIDENCE_NORMS_FILE);
  if (cache.has(file)) return cache.get(file)!;
  let norms: VoiceQualityNorms | null = null;
  if (existsSync(file)) {
    let value: unknown;
    try {
      value = (JSON.parse(readFileSync(file, 'utf8')) as { voiceQualityNorms?: unknown }).voiceQualityNorms;
    } catch (error) {
      throw new ModelFolderError('manifest_invalid', `${file} is not JSON: ${(error as Error).message}`);
    }
    const record = value as Record<string, unknown> | undefined;
    const bad = NORM_KEYS.find((k) => typeof record?.[k] !== 'number' || !Number.isFinite(record[k]));
    if (bad) throw new ModelFolderError('manifest_invalid', `${file}: voiceQualityNorms.${bad} must be a finite number`);
    norms = Object.fromEntries(NORM_KEYS.map((k) => [k, record![k] as number])) as unknown as VoiceQualityNorms;
  }
  cache.set(file, norms);
  return norms;
}
