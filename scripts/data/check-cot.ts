// npx tsx scripts/data/check-cot.ts --out FILE [--variants N]
// Evidence-checker figures on a built EmotionCoT file: every record's trace checked against its stored
// prosody, then N corrupted traces per record and kind (one attribute of the measurement made wrong).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EmotionCotRecord } from '../../shared/types/dataset';
import { sidecarPaths } from '../../main/data/cot/build-cot';
import type { CueProfile } from '../../main/data/cot/cue-profile';
import { buildTrace } from '../../main/data/cot/trace-grammar';
import { checkEvidence, type VoiceQualityNorms } from '../../main/data/evidence/check-evidence';
import { CORRUPTION_KINDS, corruptSummary, scoreCorruptedReport } from '../../main/data/evidence/corrupt-trace';
import { seededRandom } from '../../shared/util/random';

const { values: args } = parseArgs({ options: { out: { type: 'string' }, variants: { type: 'string', default: '1' } } });
const out = args.out;
if (!out) {
  console.error('usage: check-cot.ts --out FILE [--variants N]');
  process.exit(2);
}
const variants = Number(args.variants);
const meta = JSON.parse(readFileSync(sidecarPaths(out).meta, 'utf8')) as {
  cueProfile: CueProfile;
  voiceQualityNorms: VoiceQualityNorms | null;
};
const revive = (_k: string, v: unknown) => (v === null ? NaN : v);
const records = readFileSync(out, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => {
    const r = JSON.parse(l) as EmotionCotRecord;
    const prosody = JSON.parse(JSON.stringify(r.prosody), revive) as EmotionCotRecord['prosody'];
    prosody.gender = r.prosody.gender;
    prosody.intonation.turningPoint = r.prosody.intonation.turningPoint;
    return { ...r, prosody };
  });
const options = meta.voiceQualityNorms ? { voiceQualityNorms: meta.voiceQualityNorms } : {};
const ctx = { profile: meta.cueProfile, voiceQualityNorms: meta.voiceQualityNorms };
let claims = 0,
  verified = 0,
  contradicted = 0,
  unverifiable = 0;
for (const r of records) {
  const rep = checkEvidence(r.reasoning, r.prosody, options);
  claims += rep.claims.length;
  verified += rep.verified;
  contradicted += rep.contradicted;
  unverifiable += rep.unverifiable;
}
console.log(
  `built traces: ${records.length}, claims ${claims}: verified ${verified}, contradicted ${contradicted}, unverifiable ${unverifiable}`,
);
const perKind = new Map<string, { n: number; caught: number; tp: number; fp: number }>();
for (const r of records) {
  for (let v = 0; v < variants; v++) {
    for (const kind of CORRUPTION_KINDS) {
      const rng = seededRandom(`${kind}:${v}:${r.audioPath}`);
      const wrong = corruptSummary(rng, r.prosody, kind);
      if (!wrong) continue;
      const s = scoreCorruptedReport(checkEvidence(buildTrace(rng, wrong, r.label, ctx), r.prosody, options), kind);
      const k = perKind.get(kind) ?? { n: 0, caught: 0, tp: 0, fp: 0 };
      k.n++;
      k.caught += Number(s.caught);
      k.tp += s.truePositives;
      k.fp += s.falsePositives;
      perKind.set(kind, k);
    }
  }
}
let n = 0,
  caught = 0,
  tp = 0,
  fp = 0;
for (const [kind, k] of perKind) {
  console.log(
    `  ${kind.padEnd(20)} n ${String(k.n).padStart(5)}  recall ${(k.caught / k.n).toFixed(4)}  precision ${(k.tp / (k.tp + k.fp)).toFixed(4)}`,
  );
  n += k.n;
  caught += k.caught;
  tp += k.tp;
  fp += k.fp;
}
console.log(`corrupted traces: ${n}, recall ${(caught / n).toFixed(4)}, claim precision ${(tp / (tp + fp)).toFixed(4)}`);
