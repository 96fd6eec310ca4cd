// One real recording against its laryngograph reference (skipped where the shared data is absent).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../../audio/index';
import { comparePitch, scorePitch } from './pitch-metrics';
import { listPitchReferenceFiles, pitchDataDir, readPitchReference } from './pitch-references';
import { trackPitch } from './track-pitch';

const projectRoot = path.resolve(import.meta.dirname, '../../..');
const keele = listPitchReferenceFiles(pitchDataDir(projectRoot), 'keele');

describe.skipIf(keele.length === 0)('trackPitch on Keele f1 (real speech, laryngograph reference)', () => {
  it('stays under 2 % gross error and 8 % voicing error, with a fine error median under 20 cents', async () => {
    const file = keele.find((entry) => entry.name.startsWith('f1')) ?? keele[0]!;
    const { audio } = await decodeAudioFile(file.wavPath);
    const track = trackPitch(audio);
    const scores = scorePitch([comparePitch({ firstTimeS: 0, stepS: track.frameStepS, f0Hz: track.f0Hz }, readPitchReference(file))]);
    expect(scores.voicedInBoth).toBeGreaterThan(1000);
    expect(scores.gpe).toBeLessThan(0.02);
    expect(scores.vde).toBeLessThan(0.08);
    expect(scores.fineMedianCents).toBeLessThan(20);
  });
});
