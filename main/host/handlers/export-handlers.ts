// export.*: the one-page report, tables of a selection, and Praat / CSV / JSON files of one recording.
import { analysisToJson, analysisToPitchTier, analysisToTextGrid, framesToCsv } from '../../prosody';
import type { AnalysisView } from '../../../shared/types/analysis-view';
import type { ProsodyAnalysis } from '../../../shared/types/prosody';
import { reportArticle, reportHtml, type ReportModel } from '../../reports/report-html';
import { tableEntryReader, tableExportText } from '../../reports/table-export-batched';
import type { HandlerGroup, Uses } from './context';
import type { ChartImage } from '../../../shared/types/export';
import { AppError } from '../../../shared/errors/app-error';
import { PdfError } from '../../reports/pdf-printer';

const PRAAT_FILES = {
  textgrid: { suffix: '.TextGrid', mimeType: 'text/plain', render: analysisToTextGrid },
  pitchtier: { suffix: '.PitchTier', mimeType: 'text/plain', render: analysisToPitchTier },
  'frames-csv': { suffix: '.frames.csv', mimeType: 'text/csv', render: (a: ProsodyAnalysis) => framesToCsv(a.frames) },
  'prosody-json': { suffix: '.prosody.json', mimeType: 'application/json', render: analysisToJson },
} as const;

export function exportHandlers(ctx: Uses<'library' | 'reviews' | 'models' | 'pdf'>): HandlerGroup<'export'> {
  const reportInput = (recordingId: string, charts: ChartImage[]) => {
    const recording = ctx.library.get(recordingId);
    const analysis = ctx.library.analysisView(recordingId);
    return {
      recording,
      analysis,
      review: ctx.reviews.get(recordingId),
      charts,
      generatedAt: new Date(),
      model: reportModel(ctx, analysis),
    };
  };
  return {
    'export.report': async ({ recordingId, charts }) => {
      const input = reportInput(recordingId, charts);
      const { recording } = input;
      const html = reportHtml(input);
      const fileName = `${baseName(recording.originalName)} report.html`;
      // Kept in the data folder too, so a report can be found again without the page.
      await ctx.library.saveReport(recordingId, html);
      return { fileName, mimeType: 'text/html', text: html, articleHtml: reportArticle(input) };
    },
    'export.reportPdf': async ({ recordingId, charts }) => {
      const input = reportInput(recordingId, charts);
      try {
        const pdf = await ctx.pdf.print(reportHtml(input));
        return {
          fileName: `${baseName(input.recording.originalName)} report.pdf`,
          mimeType: 'application/pdf' as const,
          base64: Buffer.from(pdf).toString('base64'),
        };
      } catch (error) {
        if (error instanceof PdfError) throw new AppError(error.code === 'pdf_unavailable' ? 'unavailable' : 'internal', error.message);
        throw error;
      }
    },
    'export.table': async ({ recordingIds, format }) => {
      // A batch at a time, yielding between batches: a 10,000-row table must not stall the host (issue 14).
      const text = await tableExportText(recordingIds, format, tableEntryReader({ library: ctx.library, reviews: ctx.reviews }));
      const stamp = new Date().toISOString().slice(0, 10);
      return format === 'csv'
        ? { fileName: `emotionthinker-${stamp}.csv`, mimeType: 'text/csv', text }
        : { fileName: `emotionthinker-${stamp}.json`, mimeType: 'application/json', text };
    },
    'export.praat': ({ recordingId, kind }) => {
      const recording = ctx.library.get(recordingId);
      const prosody = ctx.library.latestAnalysis(recordingId).prosody;
      const file = PRAAT_FILES[kind];
      return { fileName: `${baseName(recording.originalName)}${file.suffix}`, mimeType: file.mimeType, text: file.render(prosody) };
    },
  };
}

/** The installed model that wrote the analysis's explanation (by registry key, else manifest id), for its licence. */
function reportModel(ctx: Uses<'models'>, analysis: AnalysisView): ReportModel | null {
  const x = analysis.explanation;
  if (!x) return null;
  const entries = ctx.models.list().models;
  const entry = entries.find((m) => m.key === x.modelKey) ?? entries.find((m) => m.details?.id === x.modelId);
  const details = entry?.details;
  return details ? { name: details.name, licence: details.licence, nonCommercial: details.nonCommercial } : null;
}

function baseName(name: string): string {
  return name.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[\\/:*?"<>|]/g, '_');
}
