// The recipe's last step: the final stage's export becomes the model folder, renamed and documented
// (manifest fields, the input range its training clips measure, report.json, the pooled voice-quality
// norms, MODEL_CARD.md). It is assembled beside the destination, checked as the app opens folders,
// and only then replaces what was there, so a failure never leaves a half-written model.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { InputRange } from '../../../shared/types/input-quality';
import type { VoiceQualityNorms } from '../../data';
import { openModelFolder } from '../models/model-folder';
import { writeModelCard, type CardReport } from './model-card';
import { replaceFolder } from './replace-folder';

export interface PublishOptions {
  /** The final stage's exported folder. */
  sourceDir: string;
  outDir: string;
  manifestFields: Record<string, unknown>;
  report: CardReport;
  pooledNorms: VoiceQualityNorms | null;
  /** Measures (or reads back) the input range; run on the final stage's folder. */
  inputRange: () => Promise<InputRange>;
}

export async function publishModel(options: PublishOptions): Promise<string> {
  const outDir = path.resolve(options.outDir);
  const staging = `${outDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    cpSync(options.sourceDir, staging, { recursive: true });
    const manifestFile = path.join(staging, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    Object.assign(manifest, options.manifestFields);
    // What the training clips measure (originals and augmented copies): the app warns outside it.
    manifest.inputRange = await options.inputRange();
    delete manifest.parent;
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
    writeFileSync(path.join(staging, 'report.json'), `${JSON.stringify(options.report, null, 1)}\n`);
    writeFileSync(path.join(staging, 'evidence-norms.json'), `${JSON.stringify({ voiceQualityNorms: options.pooledNorms }, null, 1)}\n`);
    writeModelCard(path.join(staging, 'MODEL_CARD.md'), options.report, manifest);
    openModelFolder(staging); // the app's own folder check before the folder replaces the old one
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  replaceFolder(staging, outDir);
  return outDir;
}
