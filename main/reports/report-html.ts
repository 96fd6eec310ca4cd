// The one-page report of a recording: measures, levels and caption, the charts as images, the
// explanation with its checked claims, and the review. Self-contained HTML (inline style, no script)
// so it opens anywhere and prints to one A4 page.
import type { AnalysisView, TimelineSegment } from '../../shared/types/analysis-view';
import { clockTime } from '../../shared/util/clock-time';
import { labelColour } from '../../shared/util/label-colours';
import type { ChartImage } from '../../shared/types/export';
import type { RecordingSummary } from '../../shared/types/library';
import { cannotJudgeText, inputWarningText } from '../../shared/util/input-quality-words';
import type { Review } from '../../shared/types/review';
import { RATING_ASPECTS } from '../../shared/types/review-fields';
import { levelsReference } from '../../shared/util/levels-reference';
import { escapeHtml as e } from './html';

/** Reader-facing names of the rating axes. */
export const RATING_TITLES: Record<(typeof RATING_ASPECTS)[number], string> = {
  factualAlignment: 'Factual alignment',
  interpretativeQuality: 'Interpretative quality',
  captionCompleteness: 'Caption completeness',
  fluency: 'Fluency',
};

// Every rule is scoped under .et-report so the same markup can sit inside the app's page (to view and
// print it there) without restyling the app, and stand alone as the downloaded file.
const STYLE = `
  .et-report { font: 9.5pt/1.3 system-ui, sans-serif; color: #1b1f24; background: #fff; max-width: 190mm; }
  .et-report h1 { font-size: 14pt; margin: 0 0 1mm; } .et-report h2 { font-size: 11pt; margin: 3mm 0 1mm; }
  .et-report p { margin: 0 0 1.5mm; }
  .et-report .meta { color: #57606a; font-size: 9pt; }
  .et-report .chips span { display: inline-block; border: 1px solid #d0d7de; border-radius: 10px; padding: 0 6px; margin: 0 4px 2px 0; font-size: 9pt; }
  .et-report .charts { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 3mm; align-items: end; }
  /* border-box: a 100 %-wide image plus its border overflowed the third column, and the page edge cut the intensity chart. */
  .et-report figure { margin: 0; } .et-report img { display: block; width: 100%; box-sizing: border-box; border: 1px solid #d0d7de; }
  .et-report figcaption { font-size: 8.5pt; color: #57606a; }
  .et-report table { border-collapse: collapse; font-size: 9.5pt; }
  .et-report td, .et-report th { padding: 1px 8px 1px 0; text-align: left; vertical-align: top; }
  .et-report table.claims { font-size: 8pt; }
  .et-report .claims-columns { display: grid; grid-template-columns: 1fr 1fr; gap: 0 4mm; align-items: start; }
  .et-report .verified { color: #1a7f37; } .et-report .contradicted { color: #b42318; } .et-report .unverifiable { color: #8a6d00; }
  .et-report .none { color: #57606a; font-style: italic; }
  .et-report .timeline { position: relative; height: 5mm; border: 1px solid #d0d7de; margin: 0 0 1mm; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .et-report .timeline span { position: absolute; top: 0; bottom: 0; }
  .et-report .timeline-words { font-size: 8pt; }
  .et-report [data-section="input-quality"] { border-left: 3px solid #b08800; padding-left: 2mm; }
  .et-report table.patient { width: 100%; border: 1px solid #d0d7de; margin: 1mm 0 2mm; }
  .et-report table.patient th { width: 22mm; padding-left: 2mm; }
  .et-report .footer { margin-top: 2mm; border-top: 1px solid #d0d7de; padding-top: 1mm; font-size: 8pt; color: #3d444d; }
  .et-report .footer p { margin: 0 0 1mm; }
  /* One sheet at A4 and Letter (issue 15): the page box is the narrower of the two (Letter, 216 mm)
     less 12 mm margins, and nothing may split a chart across a page break. */
  @media print { .et-report { max-width: none; } .et-report figure, .et-report table, .et-report p { break-inside: avoid; } }
`;

/** The model an explanation came from, as the report names it: its licence travels with its results. */
export interface ReportModel {
  name: string;
  licence: string;
  /** The licence forbids commercial use (e.g. a model trained on RAVDESS). */
  nonCommercial: boolean;
}

/** What the report always says about itself, in plain words. */
export const NOT_A_DIAGNOSIS =
  'Not a diagnosis. This report describes how the speech sounds (measured prosody) and which emotion an automatic model hears in it. It does not diagnose any condition and does not replace a clinician’s judgement.';

export interface ReportInput {
  recording: RecordingSummary;
  analysis: AnalysisView;
  review: Review | null;
  charts: ChartImage[];
  generatedAt: Date;
  /** The model that wrote the explanation, when it is still installed; null otherwise. */
  model?: ReportModel | null;
}

/** The report as a standalone HTML document (the downloaded file). */
export function reportHtml(input: ReportInput): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Report — ${e(input.recording.originalName)}</title>
<style>@page { margin: 12mm; } body { margin: 0; }</style></head>
<body>${reportArticle(input)}</body></html>
`;
}

/** The report's markup with its scoped style, for showing and printing inside the app. */
export function reportArticle({ recording, analysis, review, charts, generatedAt, model = null }: ReportInput): string {
  const s = analysis.summary;
  const number = (value: number | null, digits: number, unit: string) => (value === null ? '—' : `${value.toFixed(digits)} ${unit}`);
  const measures: [string, string][] = [
    ['Duration', `${analysis.durationS.toFixed(2)} s`],
    ['Median F0', number(s.medianF0Hz, 0, 'Hz')],
    ['Pitch range', number(s.pitchRangeSt, 1, 'st')],
    ['Intonation', s.intonation],
    ['Articulation rate', number(s.articulationRateSylPerS, 2, 'syl/s')],
    ['Syllables', String(s.syllableCount)],
    ['Pauses', `${s.pauseCount} (${s.totalPauseS.toFixed(2)} s)`],
  ];
  return `<article class="et-report"><style>${STYLE}</style>
<h1>${e(recording.originalName)}</h1>
<p class="meta">Recorded/imported ${e(recording.createdAt.slice(0, 19).replace('T', ' '))} · ${e(recording.format)} · analyzed ${e(analysis.analyzedAt.slice(0, 19).replace('T', ' '))} · report ${e(generatedAt.toISOString().slice(0, 19).replace('T', ' '))}</p>
${patientHtml(review)}
<h2>Prosody</h2>
<p class="chips"><span>pitch: ${e(analysis.levels.pitch)}</span><span>energy: ${e(analysis.levels.energy)}</span><span>speed: ${e(analysis.levels.speed)}</span><span>intonation: ${e(s.intonation)}</span></p>
<p data-section="caption">${e(analysis.caption)}</p>
<p class="meta" data-section="levels-reference">${e(levelsReference(analysis.calibration, analysis.levels))}.</p>
<table>${pairs(measures)
    .map((row) => `<tr>${row.map(([k, v]) => `<th>${e(k)}</th><td>${e(v)}</td>`).join('')}</tr>`)
    .join('')}</table>
${charts.length ? `<div class="charts">${charts.map((c) => `<figure><img alt="${e(c.title)}" src="${e(c.dataUrl)}"><figcaption>${e(c.title)}</figcaption></figure>`).join('')}</div>` : ''}
<h2>Explanation</h2>
${explanationHtml(analysis)}
<h2>Review</h2>
${reviewHtml(review)}
<div class="footer">${modelHtml(analysis, model)}<p data-section="not-a-diagnosis"><strong>${e(NOT_A_DIAGNOSIS)}</strong></p></div>
</article>`;
}

function explanationHtml(analysis: AnalysisView): string {
  const x = analysis.explanation;
  if (!x)
    return '<p class="none" data-section="explanation">No emotion model was installed for this analysis: no emotion label or reasoning.</p>';
  const probabilities = Object.entries(x.probabilities)
    .sort((a, b) => b[1] - a[1])
    .map(([label, p]) => `${e(label)} ${(p * 100).toFixed(0)} %`)
    .join(' · ');
  // A claim repeated word for word is listed once with its count, so the report stays on one page.
  const grouped = new Map<string, { claim: (typeof x.claims)[number]; count: number }>();
  for (const claim of x.claims) {
    const key = `${claim.verdict}\u0000${claim.text.toLowerCase()}\u0000${claim.measured}`;
    const seen = grouped.get(key);
    if (seen) seen.count += 1;
    else grouped.set(key, { claim, count: 1 });
  }
  const rows = [...grouped.values()].map(
    ({ claim: c, count }) =>
      `<tr><td class="${c.verdict}">${e(c.verdict)}</td><td>“${e(c.text)}”${count > 1 ? ` ×${count}` : ''}</td><td>${e(c.measured)}</td></tr>`,
  );
  // More than a few claims sit in two columns, half the height of one list: the page stays one sheet.
  const half = Math.ceil(rows.length / 2);
  const claims =
    rows.length === 0
      ? '<p class="none">No prosodic claims found in the reasoning.</p>'
      : rows.length <= 4
        ? `<table class="claims">${rows.join('')}</table>`
        : `<div class="claims-columns"><table class="claims">${rows.slice(0, half).join('')}</table><table class="claims">${rows.slice(half).join('')}</table></div>`;
  // A test model's output, a malformed generation or an answer on a clip the model cannot judge is
  // never printed as a judgement (issues 6, 7, 11).
  const quality = x.inputQuality;
  const flag = x.testModel
    ? 'Test model output — not an emotion judgement'
    : quality && !quality.judgeable
      ? `${capitalise(cannotJudgeText(quality))}${x.answered ? ` The model answered “${x.answered}”, which is not a judgement.` : ''}`
      : x.wellFormed === false || !x.label
        ? `Malformed model output, no label${x.problems?.length ? `: ${x.problems.join('; ')}` : ''}`
        : null;
  const headline = flag
    ? `<p data-section="explanation" class="flagged"><strong>${e(flag)}</strong> (model ${e(x.modelName ?? x.modelId)})</p>`
    : `<p data-section="explanation"><strong>${e(x.label)}</strong> (model ${e(x.modelName ?? x.modelId)}) — ${probabilities}</p>`;
  // A long recording: its timeline, and no claims table (each utterance's claims are in the app).
  if (x.segments?.length)
    return `${headline}${inputQualityHtml(x)}<p>${e(x.reasoning)}</p>${timelineHtml(x.segments, analysis.durationS, Object.keys(x.probabilities))}`;
  return `${headline}${inputQualityHtml(x)}<p>${e(x.reasoning)}</p>${claims}`;
}

/**
 * The emotion timeline of a long recording on one line (a block per utterance, as wide as its
 * stretch, coloured by its label; grey hatching: not judged), then each utterance in words when
 * there are few enough to fit the page, else the count per label.
 */
function timelineHtml(segments: readonly TimelineSegment[], durationS: number, labels: readonly string[]): string {
  const colour = (label: string) => labelColour(label, labels);
  const total = Math.max(1e-6, durationS);
  const blocks = segments
    .map((s) => {
      const left = ((100 * s.startS) / total).toFixed(2);
      const width = ((100 * (s.endS - s.startS)) / total).toFixed(2);
      const fill = s.label ? `background:${colour(s.label)}` : 'background:repeating-linear-gradient(45deg,#fff 0 2px,#bbb 2px 4px)';
      return `<span style="left:${left}%;width:${width}%;${fill}" title="${e(`${clockTime(s.startS)}–${clockTime(s.endS)} ${s.label || 'not judged'}`)}"></span>`;
    })
    .join('');
  const words =
    segments.length <= 16
      ? segments
          .map(
            (s) =>
              `${clockTime(s.startS)}–${clockTime(s.endS)} ${s.label ? `${e(s.label)} ${Math.round(100 * (s.probabilities[s.label] ?? 0))} %` : 'not judged'}`,
          )
          .join(' · ')
      : labels
          .map((label) => [label, segments.filter((s) => s.label === label).length] as const)
          .filter(([, n]) => n > 0)
          .map(([label, n]) => `${e(label)} ${n}`)
          .concat(segments.some((s) => !s.label) ? [`not judged ${segments.filter((s) => !s.label).length}`] : [])
          .join(' · ');
  return `<div data-section="timeline"><p class="meta">Emotion timeline, ${segments.length} utterances (${clockTime(0)}–${clockTime(durationS)}):</p><div class="timeline">${blocks}</div><p class="timeline-words">${words}</p></div>`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The input-quality warning under the label (issue 11): why the clip is out of range and what that did
 * to the confidence. A clip the model cannot judge has its one reason in the headline already.
 */
function inputQualityHtml(x: NonNullable<AnalysisView['explanation']>): string {
  const quality = x.inputQuality;
  if (!quality?.outOfRange || !quality.judgeable) return '';
  const raw = x.label ? x.rawProbabilities?.[x.label] : undefined;
  const shown = x.label ? x.probabilities[x.label] : undefined;
  const lowered =
    raw !== undefined && shown !== undefined && raw - shown >= 0.005
      ? ` Confidence lowered from ${(raw * 100).toFixed(0)} % to ${(shown * 100).toFixed(0)} %.`
      : '';
  return `<p data-section="input-quality" class="flagged"><strong>Input unlike the training data:</strong> ${e(inputWarningText(quality))}${lowered}</p>`;
}

/** Two key/value pairs per table row: half the height of one pair per row. */
function pairs<T>(items: T[]): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += 2) rows.push(items.slice(i, i + 2));
  return rows;
}

/** Patient and session as the clinician filled them in on the Review page; blank lines to write on otherwise. */
function patientHtml(review: Review | null): string {
  const cell = (value: string | undefined) => (value?.trim() ? e(value) : '<span class="none">not filled in</span>');
  return `<table class="patient" data-section="patient"><tr><th>Patient</th><td>${cell(review?.patient)}</td><th>Session</th><td>${cell(review?.sessionDate)}</td></tr>
<tr><th>Context</th><td colspan="3">${cell(review?.sessionDetails)}</td></tr></table>`;
}

/** Which model wrote the explanation and under which licence its results may be used. */
function modelHtml(analysis: AnalysisView, model: ReportModel | null): string {
  const x = analysis.explanation;
  if (!x) return '<p data-section="model-licence">No emotion model was used for this analysis.</p>';
  const name = model?.name ?? x.modelName ?? x.modelId;
  const licence = model
    ? `Licence: ${model.licence}.${model.nonCommercial ? ' Its results may not be used commercially.' : ''}`
    : 'Licence: see the model’s folder (the model is no longer installed).';
  return `<p data-section="model-licence">Emotion model: ${e(name)}. ${e(licence)}</p>`;
}

function reviewHtml(review: Review | null): string {
  if (!review) return '<p class="none" data-section="review">Not reviewed.</p>';
  const ratings = pairs(RATING_ASPECTS.map((aspect) => `<th>${RATING_TITLES[aspect]}</th><td>${review.ratings[aspect] ?? '—'} / 5</td>`))
    .map((row) => `<tr>${row.join('')}</tr>`)
    .join('');
  const decision = review.labelDecision === 'accepted' ? 'accepted' : review.labelDecision === 'corrected' ? 'corrected to' : 'set to';
  return `<p data-section="review">Label ${decision} <strong>${e(review.label ?? '—')}</strong> by ${e(review.reviewer || 'an unnamed reviewer')}, last changed ${e(review.updatedAt.slice(0, 19).replace('T', ' '))}.</p>
<table>${ratings}</table>${review.notes ? `<p>Notes: ${e(review.notes)}</p>` : ''}`;
}
