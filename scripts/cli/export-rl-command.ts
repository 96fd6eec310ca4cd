// `emotionthinker export-rl --engine verl|trl --dataset DIR --out DIR`: an EmotionCoT dataset as a
// GRPO-PTR job for an existing RL engine (issue 17). Exit code: 0 when written, 2 when not.
import { describeError, errorCodeOf } from '../../shared/errors/coded-error';
import { exportRl, RlExportError } from '../../main/ml/rl-export';
import { parseCommandLine, type Output } from './command-line';

export const EXPORT_RL_USAGE = `Usage: emotionthinker export-rl --engine verl|trl --dataset DIR --out DIR [options]

Writes the dataset's EmotionCoT records (train and validation splits) in the engine's format, the
paper's GRPO-PTR launch settings, the Python reward adapter and a README saying how to run it. The
rewards come from \`emotionthinker reward-server\`, which runs the app's own GRPO-PTR code.

Options:
  --engine E      verl or trl
  --dataset DIR   an app dataset folder (with emotion-cot.jsonl) or an EmotionCoT .jsonl file
  --out DIR       a new (or empty) folder for the export
  --model DIR     a model folder whose labels and voice-quality norms the prompts use
  --copy-audio    copy the clips into the export (default: absolute paths to them)
  -h, --help      show this help`;

export async function runExportRl(argv: string[], io: Output): Promise<number> {
  const line = parseCommandLine(
    argv,
    {
      options: {
        engine: { type: 'string' },
        dataset: { type: 'string' },
        out: { type: 'string' },
        model: { type: 'string' },
        'copy-audio': { type: 'boolean' },
      },
    },
    EXPORT_RL_USAGE,
    io,
  );
  if ('exitCode' in line) return line.exitCode;
  const { values } = line;
  try {
    if (values.engine !== 'verl' && values.engine !== 'trl') throw new RlExportError('bad_option', '--engine must be verl or trl');
    if (!values.dataset || !values.out) throw new RlExportError('bad_option', 'export-rl needs --dataset DIR and --out DIR');
    const result = exportRl({
      engine: values.engine,
      dataset: values.dataset,
      out: values.out,
      ...(values.model ? { modelDir: values.model } : {}),
      ...(values['copy-audio'] ? { copyAudio: true } : {}),
    });
    io.out(
      [
        `${values.engine} job → ${result.outDir}: ${result.train} training, ${result.val} validation clips; labels ${result.labels.join(', ')}`,
        ...result.files.map((f) => `  ${f}`),
        `Next: read ${result.outDir}/README.md (start \`emotionthinker reward-server\`, then the launcher).`,
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    io.err(`emotionthinker: [${errorCodeOf(error, 'export_failed')}] ${describeError(error)}`);
    return 2;
  }
}
