// The `emotionthinker` command line (bin/emotionthinker.mjs loads this through tsx): `analyze`,
// `calibrate` (a calibration file from the user's recordings), `models`, which lists the model
// folders the default lookup sees, and `export-rl` / `reward-server` for GRPO-PTR on verl or TRL.
import { listModelFolders, MODELS_ROOT } from '../../main/ml/pipeline';
import { ANALYZE_USAGE, runAnalyze } from './analyze-command';
import { runCalibrate } from './calibrate-command';
import type { Output } from './command-line';
import { runExportRl } from './export-rl-command';
import { runRewardServer } from './reward-server-command';

const USAGE = `Usage: emotionthinker <command> [options]

Commands:
  analyze <file|folder>   emotion, reasoning and evidence check per clip (see: emotionthinker analyze --help)
  calibrate <folder>      a calibration file from your own recordings (see: emotionthinker calibrate --help)
  models                  list the model folders under ${MODELS_ROOT}
  export-rl               a GRPO-PTR job for verl or TRL from a dataset (see: emotionthinker export-rl --help)
  reward-server           the app's GRPO-PTR rewards over HTTP for that job (see: emotionthinker reward-server --help)

${ANALYZE_USAGE}`;

/** Runs one command line; resolves to the process exit code. */
export async function main(argv: string[], io: Output): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'analyze':
      return runAnalyze(rest, io);
    case 'calibrate':
      return runCalibrate(rest, io);
    case 'export-rl':
      return runExportRl(rest, io);
    case 'reward-server':
      return runRewardServer(rest, io);
    case 'models': {
      const folders = listModelFolders();
      io.out(folders.length ? folders.join('\n') : `no model folders under ${MODELS_ROOT}`);
      return 0;
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.err(`emotionthinker: unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

/** The process streams as an Output. */
export const processOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};
