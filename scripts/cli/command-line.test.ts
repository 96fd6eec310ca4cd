// One option parser for every subcommand (issue 16): a bad option is its message and the usage on
// stderr with exit code 2, --help is the usage on stdout with exit code 0, the rest is parsed.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './command-line';

const USAGE = 'Usage: emotionthinker demo [--out FILE]';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

describe('parseCommandLine', () => {
  it('answers an unknown option with its message and the usage on stderr, and exit code 2', () => {
    const c = capture();
    expect(parseCommandLine(['--bogus'], { options: { out: { type: 'string' } } }, USAGE, c.io)).toEqual({ exitCode: 2 });
    expect(c.out).toEqual([]);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(/^Unknown option '--bogus'/);
    expect(c.err[0]).toContain(`\n\n${USAGE}`);
  });

  it('refuses a positional argument unless the command takes them', () => {
    const c = capture();
    expect(parseCommandLine(['file.wav'], { options: {} }, USAGE, c.io)).toEqual({ exitCode: 2 });
    expect(c.err[0]).toContain(USAGE);
  });

  it('prints the usage on stdout for -h and --help, with exit code 0', () => {
    for (const flag of ['-h', '--help']) {
      const c = capture();
      expect(parseCommandLine([flag], { options: {} }, USAGE, c.io)).toEqual({ exitCode: 0 });
      expect(c.out).toEqual([USAGE]);
      expect(c.err).toEqual([]);
    }
  });

  it('returns the values and positionals otherwise', () => {
    const c = capture();
    const line = parseCommandLine(
      ['a.wav', '--out', 'x.json'],
      { allowPositionals: true, options: { out: { type: 'string' } } },
      USAGE,
      c.io,
    );
    expect(line).toMatchObject({ values: { out: 'x.json' }, positionals: ['a.wav'] });
    expect(c.out.concat(c.err)).toEqual([]);
  });
});
