// Per-key rate limit for progress events: at most one every `intervalMs` per key, and the latest
// state always goes out (a late call schedules one trailing emit instead of being dropped).

export class Throttle {
  private readonly lastAt = new Map<string, number>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly intervalMs: number) {}

  /** Runs `send` now when `immediately` or the interval has passed, else once when it has. */
  emit(key: string, immediately: boolean, send: () => void): void {
    const run = () => {
      this.pending.delete(key);
      this.lastAt.set(key, Date.now());
      send();
    };
    const since = Date.now() - (this.lastAt.get(key) ?? 0);
    if (immediately || since >= this.intervalMs) {
      clearTimeout(this.pending.get(key));
      this.pending.delete(key);
      run();
    } else if (!this.pending.has(key)) {
      const timer = setTimeout(run, this.intervalMs - since);
      timer.unref();
      this.pending.set(key, timer);
    }
  }
}
