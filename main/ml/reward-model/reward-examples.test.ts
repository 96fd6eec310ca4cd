import { describe, expect, it } from 'vitest';
import { analyzeProsody } from '../../prosody';
import { PROSODY_FUNCTIONAL_NAMES } from '../../prosody/functionals';
import { synthesize, syllableTrain } from '../../prosody/testing/signals';
import { loadTokenizer } from '../models/tokenizer';
import { FUNCTIONAL_DIMS, PROSODY_VECTOR_DIMS } from './prosody-vector';
import { clinicianExamples, completionText, encodeCompletion, tensorRow } from './reward-examples';
import path from 'node:path';

const TOKENIZER = path.resolve(import.meta.dirname, '../../../resources/models/default/tokenizer.json');
const fields = PROSODY_FUNCTIONAL_NAMES.slice(0, FUNCTIONAL_DIMS);
const scale = { fields, mean: fields.map(() => 0), std: fields.map(() => 1) };
const prosody = analyzeProsody(
  synthesize(
    1.5,
    syllableTrain(4, 0.2, 0.18, 0.07, () => 200),
    0.002,
  ),
);

describe('reward-model examples', () => {
  it("turns clinicians' ratings into targets and masks the criteria they left unrated", () => {
    const rated = Array.from({ length: 20 }, (_, i) => ({
      recordingId: `rec-${i}`,
      reasoning: 'The pitch is low. The conclusion is calm.',
      label: 'calm',
      prosody,
      ratings: { factualAlignment: 4, interpretativeQuality: null, captionCompleteness: 3, fluency: 2 },
    }));
    const examples = clinicianExamples(rated, scale);
    expect(examples[0]).toMatchObject({
      applied: ['clinician'],
      completion: { answer: 'calm' },
      targets: { factualAlignment: 4, captionCompleteness: 3, fluencyStructure: 2 },
      known: { factualAlignment: true, interpretativeQuality: false, captionCompleteness: true, fluencyStructure: true },
    });
    expect(examples[0]!.prosody).toHaveLength(PROSODY_VECTOR_DIMS);
    // Some recordings are held out, the same ones on every run.
    const held = examples.filter((e) => e.split !== 'train').map((e) => e.clipId);
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(20);
    expect(
      clinicianExamples(rated, scale)
        .filter((e) => e.split !== 'train')
        .map((e) => e.clipId),
    ).toEqual(held);
    const row = tensorRow(examples[0]!, loadTokenizer(TOKENIZER), 64);
    expect(row.target_mask).toEqual([1, 0, 1, 1]);
  });

  it("encodes the completion as the policy writes it, padded or cut to the graph's length", () => {
    const tokenizer = loadTokenizer(TOKENIZER);
    const c = { reasoning: 'The pitch is high and the tempo is quick.', answer: 'happy' };
    expect(completionText(c)).toBe('<think>The pitch is high and the tempo is quick.</think><answer>happy</answer>');
    const { ids, mask } = encodeCompletion(c, tokenizer, 64);
    const n = tokenizer.encode(completionText(c)).length;
    expect(ids).toHaveLength(64);
    expect(mask.filter((m) => m === 1)).toHaveLength(n);
    expect(ids.slice(n).every((id) => id === tokenizer.tokenId('<pad>'))).toBe(true);
    expect(encodeCompletion(c, tokenizer, 4).mask).toEqual([1, 1, 1, 1]);
  });
});
