// Stores a fitted answer temperature in a model folder's manifest: written to a temporary file and
// renamed over the old one, then the folder is opened with the app's own check, so an interrupted
// or invalid write never leaves a broken model.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openModelFolder } from '../models/model-folder';

export function writeAnswerTemperature(modelDir: string, temperature: number): void {
  if (!(temperature > 0 && Number.isFinite(temperature))) throw new RangeError(`temperature ${temperature} is not a positive number`);
  const file = path.join(modelDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify({ ...manifest, answerTemperature: Number(temperature.toFixed(4)) }, null, 1)}\n`);
  renameSync(temporary, file);
  openModelFolder(modelDir);
}
