// One-time codes the browser host trades for its session token (issue 14). A code is as unguessable
// as the token (256 random bits) but worth one page load: once redeemed, or past its deadline, it
// is gone, so an address seen later in a history file, a scroll-back or a screen share opens nothing.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface IssueOptions {
  /** How long the code stays redeemable, in ms (default: until redeemed). */
  ttlMs?: number;
  /** Told once, when the code is redeemed or found expired (e.g. to delete the file holding it). */
  onSpent?: () => void;
}

interface Outstanding {
  code: Buffer;
  expiresAt: number;
  onSpent?: () => void;
}

export class OneTimeCodes {
  private readonly outstanding: Outstanding[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  issue(options: IssueOptions = {}): string {
    const code = randomBytes(32).toString('base64url');
    this.outstanding.push({
      code: Buffer.from(code, 'utf8'),
      expiresAt: this.now() + (options.ttlMs ?? Infinity),
      onSpent: options.onSpent,
    });
    return code;
  }

  /** True exactly once per issued code, and only before its deadline. */
  redeem(candidate: string): boolean {
    this.dropExpired();
    const given = Buffer.from(candidate, 'utf8');
    // Compared in constant time against each outstanding code (there are one or two), never looked up.
    const index = this.outstanding.findIndex(({ code }) => code.length === given.length && timingSafeEqual(code, given));
    if (index < 0) return false;
    const [spent] = this.outstanding.splice(index, 1);
    spent?.onSpent?.();
    return true;
  }

  /** Codes still redeemable (for tests and shutdown). */
  pending(): number {
    this.dropExpired();
    return this.outstanding.length;
  }

  private dropExpired(): void {
    const now = this.now();
    for (let i = this.outstanding.length - 1; i >= 0; i--) {
      const entry = this.outstanding[i]!;
      if (entry.expiresAt > now) continue;
      this.outstanding.splice(i, 1);
      entry.onSpent?.();
    }
  }
}
