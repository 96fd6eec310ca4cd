// Counts by outcome for a fuzz run, and the table both `npm run fuzz` and the bounded test print.

/** Outcome classes that are bugs, whatever the target: the run fails if any is counted. */
export const BAD_CLASSES = ['crash', 'hang', 'untyped', 'over-allocation', 'bad-reply', 'polluted', 'admitted', 'unavailable'] as const;
export type BadClass = (typeof BAD_CLASSES)[number];

export interface FailureNote {
  target: string;
  index: number;
  outcome: string;
  detail: string;
  /** How to rebuild the input (seed and operators), or where it was saved. */
  input: string;
}

export class Tally {
  readonly byClass = new Map<string, number>();
  readonly byDetail = new Map<string, number>();
  readonly failures: FailureNote[] = [];
  cases = 0;
  slowestMs = 0;
  slowest = '';

  /** `watched`: the bad classes this target can produce, listed in the table even at 0. */
  constructor(
    readonly target: string,
    readonly watched: readonly BadClass[] = BAD_CLASSES,
  ) {}

  record(cls: string, detail?: string): void {
    this.cases++;
    this.byClass.set(cls, (this.byClass.get(cls) ?? 0) + 1);
    if (detail !== undefined) {
      const key = `${cls}\u0000${detail}`;
      this.byDetail.set(key, (this.byDetail.get(key) ?? 0) + 1);
    }
  }

  timing(ms: number, label: string): void {
    if (ms > this.slowestMs) {
      this.slowestMs = ms;
      this.slowest = label;
    }
  }

  fail(note: Omit<FailureNote, 'target'>): void {
    if (this.failures.length < 50) this.failures.push({ target: this.target, ...note });
  }

  bad(): number {
    let n = 0;
    for (const cls of BAD_CLASSES) n += this.byClass.get(cls) ?? 0;
    return n;
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.byClass].sort((a, b) => b[1] - a[1]));
  }
}

/** A plain-text table: each outcome class with its count, then its details (codes, close codes, formats). */
export function formatTally(tally: Tally, title: string): string {
  const lines = [`${title}: ${tally.cases} cases, ${tally.bad()} bad`];
  const rows: [string, number][] = [];
  const classes = [...tally.byClass].sort((a, b) => b[1] - a[1]);
  for (const cls of tally.watched) if (!tally.byClass.has(cls)) classes.push([cls, 0]);
  for (const [cls, count] of classes) {
    rows.push([`${(BAD_CLASSES as readonly string[]).includes(cls) ? '✗ ' : '  '}${cls}`, count]);
    const details = [...tally.byDetail].filter(([key]) => key.startsWith(`${cls}\u0000`)).sort((a, b) => b[1] - a[1]);
    const shown = details.slice(0, 14);
    for (const [key, n] of shown) rows.push([`      ${key.slice(cls.length + 1)}`, n]);
    if (details.length > shown.length)
      rows.push([`      (${details.length - shown.length} more)`, details.slice(shown.length).reduce((s, [, n]) => s + n, 0)]);
  }
  const width = Math.max(...rows.map(([label]) => label.length), 20);
  for (const [label, count] of rows) lines.push(`  ${label.padEnd(width)}  ${String(count).padStart(7)}`);
  if (tally.slowest) lines.push(`  slowest case: ${tally.slowestMs.toFixed(0)} ms (${tally.slowest})`);
  for (const failure of tally.failures.slice(0, 10))
    lines.push(`  ✗ #${failure.index} ${failure.outcome}: ${failure.detail} [${failure.input}]`);
  return lines.join('\n');
}
