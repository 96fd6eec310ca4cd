// `emotionthinker calibrate <folder> --out FILE`: measures every recording of a folder (the user's
// room, microphone and speakers) and writes the calibration `analyze --calibration FILE` reads: level
// tertiles and the statistics the model's prosody inputs are standardised with (issue 11 item 4).
// Exit code: 0 when the file was written (files that could not be read are listed), 2 when it was not.
import path from 'node:path';
import type { SpeakerGender } from '../../shared/types/prosody';
import { decodeAudioFile } from '../../main/audio';
import { errorCode, describeError, listClips, PipelineError } from '../../main/ml/pipeline';
import {
  analyzeProsody,
  computeUserCalibration,
  MIN_CALIBRATION_CLIPS,
  userCalibrationClip,
  writeUserCalibrationFile,
  type UserCalibrationClip,
} from '../../main/prosody';
import { parseCommandLine, type Output } from './command-line';

export const CALIBRATE_USAGE = `Usage: emotionthinker calibrate <folder> --out FILE [options]

Measures the recordings of a folder made in your setting (room, microphone, speakers; a mix of
emotions, at least ${MIN_CALIBRATION_CLIPS} clips) and writes a calibration file for analyze --calibration FILE:
level cut points (pitch, energy, speed tertiles) and the statistics the model's prosody inputs are
standardised with, so both are relative to your recordings instead of the training corpora.

Options:
  --out FILE         where to write the calibration (JSON)
  --name N           its name, shown with every analysis (default: the folder's name)
  --baseline FILE    a recording of the speaker in a neutral voice: levels relative to this speaker
                     (repeat for several clips of the same speaker)
  --gender G         speakers' gender, female or male (adds gendered pitch cut points; never guessed)
  -h, --help         show this help`;

async function measure(file: string, name: string, gender: SpeakerGender | undefined): Promise<UserCalibrationClip> {
  const { audio } = await decodeAudioFile(file);
  return userCalibrationClip(name, analyzeProsody(audio, gender ? { gender } : {}));
}

export async function runCalibrate(argv: string[], io: Output): Promise<number> {
  const line = parseCommandLine(
    argv,
    {
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        name: { type: 'string' },
        baseline: { type: 'string', multiple: true },
        gender: { type: 'string' },
      },
    },
    CALIBRATE_USAGE,
    io,
  );
  if ('exitCode' in line) return line.exitCode;
  const { values, positionals } = line;
  if (positionals.length !== 1 || !values.out) {
    io.err(`calibrate takes one folder and --out FILE.\n\n${CALIBRATE_USAGE}`);
    return 2;
  }
  const folder = path.resolve(positionals[0]!);
  try {
    if (values.gender !== undefined && values.gender !== 'female' && values.gender !== 'male') {
      throw new PipelineError('invalid_options', `--gender must be female or male, got "${values.gender}"`);
    }
    const gender = values.gender as SpeakerGender | undefined;
    const files = listClips(folder);
    io.err(`Measuring ${files.length} file(s) under ${folder}`);
    const clips: UserCalibrationClip[] = [];
    const failed: string[] = [];
    for (const [index, file] of files.entries()) {
      const name = path.relative(folder, file);
      try {
        clips.push(await measure(file, name, gender));
        io.err(`[${index + 1}/${files.length}] ${name}`);
      } catch (error) {
        failed.push(`  ${name}  [${errorCode(error)}] ${describeError(error)}`);
        io.err(`[${index + 1}/${files.length}] ${name} → FAILED`);
      }
    }
    const baseline = await Promise.all((values.baseline ?? []).map((file) => measure(path.resolve(file), path.basename(file), gender)));
    const calibration = computeUserCalibration(clips, {
      name: values.name ?? path.basename(folder),
      ...(baseline.length ? { baseline } : {}),
    });
    const out = path.resolve(values.out);
    writeUserCalibrationFile(out, calibration);
    const { medianF0Hz, energyDb, rateSylPerS } = calibration.levels;
    const cut = (t: { lower: number; upper: number }, digits: number) => `${t.lower.toFixed(digits)} / ${t.upper.toFixed(digits)}`;
    io.out(
      [
        `Calibration "${calibration.name}" from ${calibration.clips} of ${files.length} recording(s) → ${out}`,
        `  pitch cut points:  ${cut(medianF0Hz.any, 0)} Hz${medianF0Hz.female ? `, women ${cut(medianF0Hz.female, 0)}` : ''}${medianF0Hz.male ? `, men ${cut(medianF0Hz.male, 0)}` : ''}`,
        `  energy cut points: ${cut(energyDb, 1)} dB`,
        `  rate cut points:   ${cut(rateSylPerS, 2)} syl/s`,
        `  model inputs standardised: ${calibration.functionals.names.length}`,
        ...(calibration.speakerBaseline ? [`  speaker baseline:  ${calibration.speakerBaselineFrom?.join(', ')}`] : []),
        ...(failed.length ? [`Not used (${failed.length}):`, ...failed] : []),
        `Use it with: emotionthinker analyze <file|folder> --calibration ${path.relative(process.cwd(), out) || out}`,
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    io.err(`emotionthinker: [${errorCode(error)}] ${describeError(error)}`);
    return 2;
  }
}
