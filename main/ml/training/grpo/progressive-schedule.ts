// The progressive part of GRPO-PTR (DESIGN.md): R_reason is switched on only once outcome accuracy has
// stabilised. Here: once the outcome accuracy pooled over the last `windowSteps` steps (a full
// window) reaches `threshold` (default 0.5). The switch latches — a reward that comes and goes would
// move the advantage baseline under the policy's feet. The state is plain data for checkpoints.
import type { ProgressiveScheduleConfig, ProgressiveScheduleState } from '../../../../shared/types/grpo';

export class ProgressiveSchedule {
  private state: ProgressiveScheduleState;

  constructor(
    private readonly config: ProgressiveScheduleConfig,
    state?: ProgressiveScheduleState,
  ) {
    if (!(config.threshold >= 0 && config.threshold <= 1)) throw new RangeError(`threshold ${config.threshold} is outside [0, 1]`);
    if (!(Number.isInteger(config.windowSteps) && config.windowSteps >= 1))
      throw new RangeError(`windowSteps ${config.windowSteps} must be an integer ≥ 1`);
    this.state = state ? structuredClone(state) : { recent: [], stepsObserved: 0, switchedOnAtStep: null };
    if (this.state.recent.length > config.windowSteps) this.state.recent = this.state.recent.slice(-config.windowSteps);
  }

  /** Whether R_reason counts for the step being scored now. */
  get reasoningOn(): boolean {
    if (this.config.mode === 'always') return true;
    if (this.config.mode === 'never') return false;
    return this.state.switchedOnAtStep !== null;
  }

  /** The 1-based step at which R_reason switched on (progressive mode), null while off. */
  get switchedOnAtStep(): number | null {
    return this.state.switchedOnAtStep;
  }

  /** Pooled outcome accuracy of the window so far; null before any completion. */
  get rollingAccuracy(): number | null {
    const [correct, total] = this.state.recent.reduce(([c, n], [dc, dn]) => [c + dc, n + dn], [0, 0]);
    return total === 0 ? null : correct / total;
  }

  /**
   * Records one step's outcome accuracy (of its first draw, before any resampling, which selects for
   * spread). A switch it causes applies from the next step: the step being scored decides reasoningOn
   * before its rewards. Returns reasoningOn after it.
   */
  observe(correct: number, completions: number): boolean {
    if (!(Number.isInteger(correct) && Number.isInteger(completions) && correct >= 0 && correct <= completions)) {
      throw new RangeError(`observe(${correct}, ${completions}): need integers 0 ≤ correct ≤ completions`);
    }
    this.state.stepsObserved += 1;
    this.state.recent.push([correct, completions]);
    if (this.state.recent.length > this.config.windowSteps) this.state.recent.shift();
    const accuracy = this.rollingAccuracy;
    if (
      this.config.mode === 'progressive' &&
      this.state.switchedOnAtStep === null &&
      this.state.recent.length === this.config.windowSteps &&
      accuracy !== null &&
      accuracy >= this.config.threshold
    ) {
      this.state.switchedOnAtStep = this.state.stepsObserved;
    }
    return this.reasoningOn;
  }

  /** A copy of the state, for a checkpoint. */
  snapshot(): ProgressiveScheduleState {
    return structuredClone(this.state);
  }
}
