// JSON export of a full analysis: typed arrays become plain arrays, NaN becomes null.
import type { ProsodyAnalysis } from '../../../shared/types/prosody';

/** Pretty-printed JSON of the analysis, readable by any tool (no typed arrays, no NaN). */
export function analysisToJson(analysis: ProsodyAnalysis): string {
  return JSON.stringify(
    analysis,
    (_key, value: unknown) => {
      if (ArrayBuffer.isView(value) && !(value instanceof DataView))
        return Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
      if (typeof value === 'number' && !Number.isFinite(value)) return null;
      return value;
    },
    2,
  );
}
