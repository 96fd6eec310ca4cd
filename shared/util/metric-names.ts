// A model manifest's metrics in words (issue 15): `validationAccuracyPct: 54.6` reads
// "Validation accuracy 54.6 %". Known keys get their proper names; any other camelCase key is split
// into words, and its unit suffix (Pct, Ms, Minutes, Steps…) becomes the unit of the value.

const KNOWN: Record<string, string> = {
  validationAccuracyPct: 'Validation accuracy',
  validationUarPct: 'Validation UAR (unweighted average recall)',
  validationWellFormedPct: 'Well-formed answers on validation',
  perceptionBeforePct: 'Prosody perception before training',
  perceptionAfterStage1Pct: 'Prosody perception after stage 1',
  perceptionAfterStage2Pct: 'Prosody perception after stage 2',
  stage1Steps: 'Stage 1 training steps',
  stage2Steps: 'Stage 2 training steps',
  trainMinutes: 'Training time',
};

const UNITS: [suffix: string, unit: string][] = [
  ['Pct', '%'],
  ['Ms', 'ms'],
  ['Seconds', 's'],
  ['Minutes', 'min'],
  ['Hz', 'Hz'],
  ['Db', 'dB'],
];

/** Acronyms kept in capitals when a key is split into words. */
const ACRONYMS = new Set(['uar', 'ece', 'snr', 'hnr', 'f0', 'cot', 'grpo', 'ptr', 'sft']);

/** Corpus prefixes of per-corpus metrics (`nemoValidationAccuracyPct`), with their proper names. */
const CORPORA: Record<string, string> = {
  ravdess: 'RAVDESS',
  nemo: 'nEMO',
  iemocap: 'IEMOCAP',
  emodb: 'EmoDB',
  cremad: 'CREMA-D',
  esd: 'ESD',
};

/** A per-corpus key read as the known metric with the corpus named: "Validation accuracy (nEMO)". */
function perCorpusName(key: string): string | undefined {
  const corpus = Object.keys(CORPORA).find((c) => key.startsWith(c) && /[A-Z]/.test(key.charAt(c.length)));
  if (!corpus) return undefined;
  const rest = key.charAt(corpus.length).toLowerCase() + key.slice(corpus.length + 1);
  return KNOWN[rest] ? `${KNOWN[rest]} (${CORPORA[corpus]})` : undefined;
}

/** One metric as the Models area shows it: a human name and its value with its unit. */
export function describeMetric(key: string, value: number): { name: string; value: string } {
  const unit = UNITS.find(([suffix]) => key.endsWith(suffix) && key.length > suffix.length);
  const stem = unit ? key.slice(0, -unit[0].length) : key;
  const name = KNOWN[key] ?? perCorpusName(key) ?? splitWords(stem);
  const digits = Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 3;
  const number = value.toLocaleString('en', {
    maximumFractionDigits: digits,
    minimumFractionDigits: Number.isInteger(value) ? 0 : Math.min(digits, 1),
  });
  return { name, value: unit ? `${number} ${unit[1]}` : number };
}

function splitWords(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => (ACRONYMS.has(word.toLowerCase()) ? word.toUpperCase() : word.toLowerCase()));
  const sentence = words.join(' ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
