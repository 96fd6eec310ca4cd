// The table export of a large selection (issue 14): 10,000 analyzed recordings in a real library
// database come out complete and unchanged, while the event loop keeps turning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLibraryFixture, speechLikeSamples, type LibraryFixture } from '../library/testing/library-fixture';
import { analyzeProsody, inputQuality } from '../prosody';
import { ReviewRepository } from '../store/review-repository';
import { tableRows, toCsv, type TableEntry } from './table-export';
import { tableEntryReader, tableExportText, type TableEntryReader } from './table-export-batched';

const TOTAL = 10_000;
const SR = 16_000;
const nameOf = (i: number) => (i % 4 === 0 ? `=HYPERLINK("http://x.example/${i}")` : `clip, "${i}"\n.wav`);

describe('the table export of a large selection', () => {
  let fx: LibraryFixture;
  let reviews: ReviewRepository;
  let read: TableEntryReader;
  const ids: string[] = [];

  /** What the export read before it was batched: the full analysis view of each recording, one by one. */
  const readOneByOne = (some: readonly string[]): TableEntry[] =>
    some.map((id) => {
      let analysis = null;
      try {
        analysis = fx.library.analysisView(id);
      } catch {
        // not analyzed
      }
      return { recording: fx.library.get(id), analysis, review: reviews.get(id) };
    });

  beforeAll(() => {
    fx = createLibraryFixture();
    reviews = new ReviewRepository(fx.database.db);
    read = tableEntryReader({ library: fx.library, reviews });
    const voiced = analyzeProsody({ samples: speechLikeSamples(3), sampleRate: SR });
    const quality = inputQuality({ samples: speechLikeSamples(3), sampleRate: SR }, voiced, null, undefined);
    // Silence: no pitch, no syllables — measures a table must show as empty, never NaN.
    const silent = analyzeProsody({ samples: new Float32Array(2 * SR), sampleRate: SR });
    const model = {
      modelId: 'et-2.2',
      label: 'happy',
      probabilities: { happy: 0.7, sad: 0.3 },
      reasoning: 'High, rising pitch.',
      claims: [],
      details: {
        modelKey: 'shipped:default',
        modelName: 'Default',
        testModel: false,
        answered: 'happy',
        wellFormed: true,
        problems: [],
        probabilitySource: 'generated-answer' as const,
        inputQuality: quality,
      },
    };
    const idOf = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
    for (let i = 0; i < TOTAL; i++) ids.push(idOf(i));
    // Four kinds of row, in turn: analyzed by a model and reviewed with text a spreadsheet would run
    // as a formula; analyzed without a model; silent; never analyzed. The first four go through the
    // repositories; the rest are copies of them made in SQL (10,000 repository calls take a minute here).
    fx.database.db.transaction(() => {
      for (let i = 0; i < 4; i++) {
        const id = idOf(i);
        fx.library.recordings.add({
          id,
          fileName: `${id}.wav`,
          originalName: nameOf(i),
          source: 'import',
          format: 'wav/pcm16',
          durationS: 3 + i / 1000,
          sizeBytes: 96_044,
          contentHash: id,
        });
        if (i === 0) {
          fx.library.analyses.add(id, voiced, model, { decode: 1 });
          reviews.update(id, {
            label: 'sad',
            labelDecision: 'corrected',
            ratings: { fluency: 4 },
            notes: '@SUM(A1:A9) note 0',
            reviewer: '+dr',
          });
        }
        if (i === 1)
          fx.library.analyses.add(id, voiced, null, { decode: 1 }, { calibration: { id: 'room-1', name: 'Clinic room', clips: 6 } });
        if (i === 2) fx.library.analyses.add(id, silent, null, { decode: 1 });
      }
      const copies = `WITH RECURSIVE n(i) AS (SELECT 4 UNION ALL SELECT i + 1 FROM n WHERE i < ${TOTAL - 1})`;
      const id = `printf('%08x-0000-4000-8000-000000000000', i)`;
      const template = `printf('%08x-0000-4000-8000-000000000000', i % 4)`;
      fx.database.db.exec(`
        ${copies} INSERT INTO recordings (id, file_name, original_name, source, format, duration_s, size_bytes, content_hash, created_at)
          SELECT ${id}, ${id} || '.wav',
                 CASE i % 4 WHEN 0 THEN printf('=HYPERLINK("http://x.example/%d")', i) ELSE printf('clip, "%d"', i) || char(10) || '.wav' END,
                 t.source, t.format, 3 + i / 1000.0, t.size_bytes, ${id}, t.created_at
          FROM n JOIN recordings t ON t.id = ${template};
        ${copies} INSERT INTO analyses (recording_id, prosody_json, model_id, label, probabilities_json, reasoning, verdicts_json, timings_json, created_at, model_json, calibration_json)
          SELECT ${id}, a.prosody_json, a.model_id, a.label, a.probabilities_json, a.reasoning, a.verdicts_json, a.timings_json, a.created_at, a.model_json, a.calibration_json
          FROM n JOIN analyses a ON a.recording_id = ${template};
        ${copies} INSERT INTO reviews (recording_id, label, label_decision, factual_alignment, interpretative_quality, caption_completeness, fluency, notes, reviewer, patient, session_date, session_details, created_at, updated_at)
          SELECT ${id}, v.label, v.label_decision, v.factual_alignment, v.interpretative_quality, v.caption_completeness, v.fluency,
                 printf('@SUM(A1:A9) note %d', i), v.reviewer, v.patient, v.session_date, v.session_details, v.created_at, v.updated_at
          FROM n JOIN reviews v ON v.recording_id = ${template};
      `);
    })();
  }, 60_000);
  afterAll(async () => fx?.dispose());

  it('gives the same CSV and JSON, byte for byte, as building the table from the full analyses', async () => {
    const some = [...ids.slice(0, 9), ids[4_001]!, ids[9_998]!, ids[3]!, ids[0]!];
    const before = tableRows(readOneByOne(some));
    expect(await tableExportText(some, 'csv', read, { batchRows: 4 })).toBe(toCsv(before));
    expect(await tableExportText(some, 'json', read, { batchRows: 4 })).toBe(`${JSON.stringify(before, null, 2)}\n`);
    expect(await tableExportText(some.slice(0, 1), 'json', read)).toBe(`${JSON.stringify(before.slice(0, 1), null, 2)}\n`);
    // Which calibration the levels are relative to: the user's, the training corpora's, or none (not analyzed).
    expect(before.slice(0, 4).map((row) => row.calibration)).toEqual(['training corpora', 'Clinic room', 'training corpora', null]);
  });

  it('exports 10,000 rows without holding the event loop for more than 200 ms at a time', async () => {
    for (const format of ['csv', 'json'] as const) {
      let longestGapMs = 0;
      let ticks = 0;
      let last = performance.now();
      const probe = setInterval(() => {
        const now = performance.now();
        longestGapMs = Math.max(longestGapMs, now - last);
        last = now;
        ticks++;
      }, 5);
      const progress: number[] = [];
      const started = performance.now();
      const text = await tableExportText(ids, format, read, { onProgress: (done) => progress.push(done) });
      const tookMs = performance.now() - started;
      longestGapMs = Math.max(longestGapMs, performance.now() - last);
      clearInterval(probe);
      console.info(
        `export.table ${format}: ${TOTAL} rows in ${tookMs.toFixed(0)} ms, longest event-loop stall ${longestGapMs.toFixed(0)} ms, ${ticks} probe ticks`,
      );
      expect(longestGapMs).toBeLessThan(200);
      expect(ticks).toBeGreaterThan(5);
      expect(progress.at(-1)).toBe(TOTAL);

      if (format === 'csv') {
        // Names and notes hold commas, quotes and line breaks: count records by their id cells.
        const records = text.split(/\r\n(?=[0-9a-f]{8}-0000-4000-8000-)/);
        expect(records).toHaveLength(TOTAL + 1);
        expect(records[0]!.startsWith('id,name,created_at,format,duration_s,pitch_level')).toBe(true);
        expect(records[1]).toContain(`'=HYPERLINK(""http://x.example/0"")`);
        expect(records[1]).toContain(`'@SUM(A1:A9) note 0`);
        expect(records[1]).toContain(',et-2.2,happy,');
        expect(text).not.toMatch(/NaN|Infinity/);
        expect(text.endsWith('\r\n')).toBe(true);
      } else {
        const rows = JSON.parse(text) as Record<string, string | number | null>[];
        expect(rows.map((row) => row.id)).toEqual(ids);
        expect(rows[0]).toMatchObject({
          name: '=HYPERLINK("http://x.example/0")',
          model_label: 'happy',
          review_label: 'sad',
          rating_fluency: 4,
          label_decision: 'corrected',
        });
        expect(rows[1]).toMatchObject({ model_id: null, review_label: null });
        expect(rows[1]!.median_f0_hz).toBeGreaterThan(150);
        expect(rows[2]).toMatchObject({ median_f0_hz: null, model_id: null });
        expect(rows[3]).toMatchObject({ pitch_level: null, caption: null, duration_s: 3.003 });
        expect(rows[9_999]!.id).toBe(ids[9_999]);
      }
    }
  });

  it('names a recording that is not in the library', async () => {
    await expect(tableExportText([ids[0]!, 'ffffffff-0000-4000-8000-000000000000'], 'csv', read)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('ffffffff-0000-4000-8000-000000000000'),
    });
  });
});
