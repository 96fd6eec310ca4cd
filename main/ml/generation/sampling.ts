// Picks the next token from one row of logits: greedy, or sampling with temperature, top-k and
// top-p (nucleus, Holtzman et al. 2020). Pure functions over Float32Array, seeded randomness.
import { softmax } from '../../../shared/util/maths';

export type DecodingStrategy = 'greedy' | 'sample';

export interface SamplingOptions {
  strategy: DecodingStrategy;
  /** Softmax temperature for sampling (> 0); 1 leaves the distribution as the model gives it. */
  temperature?: number;
  /** Keep only the k most likely tokens (0 or undefined = all). */
  topK?: number;
  /** Keep the smallest set of tokens whose probability reaches p (1 or undefined = all). */
  topP?: number;
}

/** The app's one seeded generator; the same seed gives the same completions. */
export { seededRandom } from '../../../shared/util/random';

export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

/**
 * log p(token) and the entropy −Σ p log p of the untempered softmax of `row` (nats, float64). RL
 * needs these of the policy itself (the training graph's log_softmax), whatever the sampler's
 * temperature or top-p did to the draw.
 */
export function tokenLogprobAndEntropy(row: ArrayLike<number>, token: number): { logprob: number; entropy: number } {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]!);
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < row.length; i++) {
    const z = row[i]! - max;
    const e = Math.exp(z);
    sum += e;
    weighted += e * z;
  }
  const logSum = Math.log(sum);
  return { logprob: row[token]! - max - logSum, entropy: logSum - weighted / sum };
}

export function validateSamplingOptions(options: SamplingOptions): string[] {
  const problems: string[] = [];
  if (options.temperature !== undefined && !(options.temperature > 0)) problems.push('temperature must be > 0');
  if (options.topK !== undefined && !(Number.isInteger(options.topK) && options.topK >= 0)) problems.push('topK must be an integer ≥ 0');
  if (options.topP !== undefined && !(options.topP > 0 && options.topP <= 1)) problems.push('topP must be in (0, 1]');
  return problems;
}

/**
 * Greedy, or a draw from the temperature softmax restricted to the top-k and top-p set. The set is
 * found with one native typed-array sort of the probabilities (a threshold value), not an index sort
 * with a JS comparator: that was 60 % of sampling time for 8 × 64 tokens.
 */
export function selectToken(row: ArrayLike<number>, options: SamplingOptions, random: () => number): number {
  if (options.strategy === 'greedy') return argmax(row);
  const probs = softmax(row, options.temperature ?? 1);
  const topK = options.topK && options.topK > 0 ? Math.min(options.topK, probs.length) : probs.length;
  const topP = options.topP ?? 1;
  let threshold = 0;
  if (topK < probs.length || topP < 1) {
    const sorted = Float64Array.from(probs).sort().reverse();
    let keep = topK;
    if (topP < 1) {
      let cumulative = 0;
      let reach = 0;
      while (reach < topK && cumulative < topP) cumulative += sorted[reach++]!;
      keep = Math.max(1, reach);
    }
    threshold = sorted[keep - 1]!;
  }
  let total = 0;
  for (let i = 0; i < probs.length; i++) if (probs[i]! >= threshold) total += probs[i]!;
  let target = random() * total;
  let last = 0;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i]! < threshold) continue;
    last = i;
    target -= probs[i]!;
    if (target <= 0) return i;
  }
  return last;
}
