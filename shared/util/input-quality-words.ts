// What the page and the reports say about a clip's input quality. Apart from the schemas in
// shared/types/input-quality.ts so that the page can use these words without loading zod.
import type { InputQuality } from '../types/input-quality';

/** The headline of a result the model cannot judge: "cannot judge: <first blocking reason>". */
export function cannotJudgeText(quality: Pick<InputQuality, 'reasons'>): string {
  const reason = quality.reasons.find((r) => r.blocking) ?? quality.reasons[0];
  const why = reason ? reason.message.charAt(0).toLowerCase() + reason.message.slice(1) : 'the input is unlike the training data.';
  return `cannot judge: ${why}`;
}

/** The warning next to a label: every reason's message, joined. */
export function inputWarningText(quality: Pick<InputQuality, 'reasons'>): string {
  return quality.reasons.map((r) => r.message).join(' ');
}
