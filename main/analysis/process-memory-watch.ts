// The backstop of the analysis workers' memory cap: the process's resident memory, sampled while
// requests run. Each worker reports its own external memory, but not what it allocates natively or
// while it is stuck in synchronous code; those still show here, as growth of the whole process.

/** Called with the growth past the limit; the promise settles when the memory's holder is stopped. */
export type OverLimit = (growthBytes: number) => Promise<unknown>;

export class ProcessMemoryWatch {
  private timer: NodeJS.Timeout | undefined;
  private baseline = 0;
  /** While a holder is being stopped its memory is still mapped: no second verdict on the same bytes. */
  private settling = false;

  /**
   * `starting`: whether a worker is loading its modules right now (100+ MB of code and heap, not
   * anything a request holds): while one is, growth is not judged and counts from after it.
   */
  constructor(
    private readonly limitBytes: number,
    private readonly onOver: OverLimit,
    private readonly starting: () => boolean,
    private readonly everyMs = 100,
  ) {}

  /** Starts watching (no-op when watching): growth counts from the memory in use now. */
  start(): void {
    if (this.timer) return;
    this.baseline = process.memoryUsage.rss();
    this.timer = setInterval(() => this.check(), this.everyMs).unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    if (this.settling) return;
    if (this.starting()) {
      this.baseline = process.memoryUsage.rss();
      return;
    }
    const growth = process.memoryUsage.rss() - this.baseline;
    if (growth <= this.limitBytes) return;
    this.settling = true;
    void this.onOver(growth)
      .catch(() => undefined)
      .finally(() => {
        this.settling = false;
        // Measured again once the stopped worker's memory is returned; what the others had grown
        // by is forgiven, which can only make the backstop later, never wrong about who is over.
        this.baseline = process.memoryUsage.rss();
      });
  }
}
