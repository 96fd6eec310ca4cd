// The one way a subcommand reads its options: node:util's parseArgs in strict mode, `-h/--help` on
// every command, and a bad option answered with the message and the command's usage on stderr and
// exit code 2 (issue 16) — so each command states only its own options.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describeError } from '../../shared/errors/coded-error';

/** Where a command writes; the tests pass collectors, the CLI passes the process streams. */
export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** What parseArgs returns for these options (with `help`) in strict mode. */
export type CommandLine<Options extends OptionsConfig, Positionals extends boolean> = ReturnType<
  typeof parseArgs<{ args: string[]; strict: true; allowPositionals: Positionals; options: Options & typeof HELP }>
>;

/**
 * Parses a subcommand's arguments. Returns the parsed line, or `{ exitCode }` when the command is
 * done already: 0 after printing the usage for `--help`, 2 after a bad option (message + usage on stderr).
 */
export function parseCommandLine<const Options extends OptionsConfig, const Positionals extends boolean = false>(
  argv: string[],
  spec: { options: Options; allowPositionals?: Positionals },
  usage: string,
  io: Output,
): CommandLine<Options, Positionals> | { exitCode: number } {
  let line: CommandLine<Options, Positionals>;
  try {
    line = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: (spec.allowPositionals ?? false) as Positionals,
      options: { ...spec.options, ...HELP },
    });
  } catch (error) {
    io.err(`${describeError(error)}\n\n${usage}`);
    return { exitCode: 2 };
  }
  if ((line.values as { help?: boolean }).help) {
    io.out(usage);
    return { exitCode: 0 };
  }
  return line;
}
