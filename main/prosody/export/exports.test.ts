import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeProsody } from '../analyze';
import { hasTool, scratchDir } from '../testing/audio-files';
import { exactPitchTrack, synthesize, syllableTrain } from '../testing/signals';
import { framesToCsv } from './csv';
import { analysisToJson } from './json';
import { analysisToPitchTier, analysisToTextGrid } from './praat';

const spans = [...syllableTrain(4, 0.2, 0.18, 0.06, (i) => 140 + 10 * i), ...syllableTrain(3, 1.5, 0.18, 0.06, () => 150)];
const audio = synthesize(2.4, spans, 3e-4);
const analysis = analyzeProsody(audio, { pitchTrack: exactPitchTrack(audio, spans) });

describe('exports', () => {
  it('writes JSON without typed arrays or NaN, with every frame', () => {
    const parsed = JSON.parse(analysisToJson(analysis));
    expect(parsed.frames.f0Hz).toHaveLength(analysis.frames.f0Hz.length);
    expect(parsed.frames.semitones).toContain(null);
    expect(parsed.functionals.names).toHaveLength(parsed.functionals.values.length);
  });

  it('writes a CSV row per frame with a header', () => {
    const lines = framesToCsv(analysis.frames).trim().split('\n');
    expect(lines[0]).toBe('time_s,f0_hz,voiced_probability,intensity_db,rms_dbfs,semitones,is_speech');
    expect(lines).toHaveLength(analysis.frames.f0Hz.length + 1);
  });

  it.skipIf(!hasTool('praat'))('writes a TextGrid and a PitchTier that Praat reads back with the same tiers and points', () => {
    const dir = scratchDir();
    const textGrid = path.join(dir, 'clip.TextGrid');
    const pitchTier = path.join(dir, 'clip.PitchTier');
    writeFileSync(textGrid, analysisToTextGrid(analysis));
    writeFileSync(pitchTier, analysisToPitchTier(analysis));
    const script = path.join(dir, 'read.praat');
    writeFileSync(
      script,
      [
        'form Files',
        '  sentence grid',
        '  sentence tier',
        'endform',
        'Read from file: grid$',
        'tiers = Get number of tiers',
        'intervals = Get number of intervals: 1',
        'syllables = Get number of points: 2',
        'stressed = Get number of points: 3',
        'label$ = Get label of interval: 1, 2',
        'Read from file: tier$',
        'pitchPoints = Get number of points',
        'writeInfoLine: tiers',
        'appendInfoLine: intervals',
        'appendInfoLine: syllables',
        'appendInfoLine: stressed',
        'appendInfoLine: label$',
        'appendInfoLine: pitchPoints',
      ].join('\n'),
    );
    const out = execFileSync('praat', ['--run', script, textGrid, pitchTier], { encoding: 'utf8' }).trim().split('\n');
    const voicedFrames = analysis.frames.f0Hz.filter((f) => f > 0).length;
    expect(out).toEqual([
      '3',
      String(2 * analysis.segmentation.speech.length + 1),
      String(analysis.syllables.length),
      String(analysis.syllables.filter((s) => s.stressed).length),
      'speech',
      String(voicedFrames),
    ]);
  });
});
