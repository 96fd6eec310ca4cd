// Splits a completion into reasoning and label: `<think>…</think><answer>label</answer>` (the
// EmotionThinker format, DESIGN.md). Never throws: what is wrong is listed in `problems`, which is
// also what GRPO's format reward checks (R_format ∈ {0, 1}).

export interface ParsedAnswer {
  reasoning: string;
  /** The label inside <answer>, lower-cased and trimmed; null when there is none. */
  label: string | null;
  /** Exactly one think block followed by exactly one answer block naming a known label. */
  wellFormed: boolean;
  problems: string[];
}

const count = (text: string, token: string) => text.split(token).length - 1;

export function parseAnswer(completion: string, labels?: readonly string[]): ParsedAnswer {
  const text = completion.replace(/<bos>|<eos>|<pad>/g, '').trim();
  const problems: string[] = [];
  for (const tag of ['<think>', '</think>', '<answer>', '</answer>']) {
    const n = count(text, tag);
    if (n !== 1) problems.push(n === 0 ? `missing ${tag}` : `${tag} appears ${n} times`);
  }
  const think = /<think>([\s\S]*?)<\/think>/.exec(text);
  const answer = /<answer>([\s\S]*?)(?:<\/answer>|$)/.exec(text);
  const reasoning = (think?.[1] ?? text.split('<answer>')[0]!.replace('<think>', '')).trim();
  const rawLabel = answer?.[1]?.trim().toLowerCase() ?? '';
  const label = rawLabel === '' ? null : rawLabel;
  if (think && answer && text.indexOf('</think>') > text.indexOf('<answer>')) problems.push('<answer> comes before </think>');
  if (!text.startsWith('<think>') && think) problems.push('text before <think>');
  if (!text.endsWith('</answer>') && text.includes('</answer>')) problems.push('text after </answer>');
  if (reasoning === '') problems.push('empty reasoning');
  if (label === null) problems.push('empty answer');
  else if (labels && !labels.includes(label)) problems.push(`answer "${label}" is not one of the model's labels`);
  return { reasoning, label, wellFormed: problems.length === 0, problems };
}
