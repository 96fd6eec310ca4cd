import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../dataset-error';
import { SHARED_DATA, tempDir, tone } from '../testing/fixtures';
import { detectFormat, importDataset } from './import-dataset';
import { DEFAULT_LABEL_MAPPINGS, mapLabels } from './label-mapping';

describe('importing corpus layouts', () => {
  it('reads RAVDESS labels, speakers and genders from file names', () => {
    const root = tempDir('rav');
    tone(path.join(root, 'Actor_03/03-01-05-02-01-01-03.wav'));
    tone(path.join(root, 'Actor_04/03-01-04-01-02-02-04.wav'));
    const d = importDataset(root);
    expect(d.format).toBe('ravdess');
    expect(d.items.map((i) => [i.speaker, i.gender, i.sourceLabel])).toEqual([
      ['ravdess_03', 'male', 'angry'],
      ['ravdess_04', 'female', 'sad'],
    ]);
    expect(d.items[1]!.transcript).toBe('Dogs are sitting by the door');
  });

  it('reads CREMA-D names and genders from VideoDemographics.csv', () => {
    const root = tempDir('crema');
    tone(path.join(root, 'AudioWAV/1001_DFA_ANG_XX.wav'));
    tone(path.join(root, 'AudioWAV/1002_IEO_SAD_HI.wav'));
    writeFileSync(
      path.join(root, 'VideoDemographics.csv'),
      'ActorID,Age,Sex,Race,Ethnicity\n1001,51,Male,Caucasian,Not Hispanic\n1002,21,Female,Caucasian,Not Hispanic\n',
    );
    const d = importDataset(root, 'crema-d');
    expect(d.items.map((i) => [i.speaker, i.gender, i.sourceLabel])).toEqual([
      ['crema-d_1001', 'male', 'angry'],
      ['crema-d_1002', 'female', 'sad'],
    ]);
  });

  it('detects EmoDB and maps its German letter codes', () => {
    const root = tempDir('emodb');
    tone(path.join(root, 'wav/03a01Wa.wav'));
    tone(path.join(root, 'wav/08a02Lb.wav'));
    const d = importDataset(root);
    expect(d.format).toBe('emodb');
    expect(d.items.map((i) => [i.speaker, i.gender, i.sourceLabel])).toEqual([
      ['emodb_03', 'male', 'angry'],
      ['emodb_08', 'female', 'boredom'],
    ]);
  });

  it('reads ESD emotion folders and transcripts', () => {
    const root = tempDir('esd');
    tone(path.join(root, '0011/Angry/train/0011_000351.wav'));
    tone(path.join(root, '0011/Surprise/0011_001401.wav'));
    writeFileSync(path.join(root, '0011/0011.txt'), '0011_000351\tThe nine the eggs.\tAngry\n0011_001401\tI will go.\tSurprise\n');
    const d = importDataset(root);
    expect(d.format).toBe('esd');
    expect(d.items.map((i) => [i.speaker, i.sourceLabel, i.transcript])).toEqual([
      ['esd_0011', 'angry', 'The nine the eggs.'],
      ['esd_0011', 'surprise', 'I will go.'],
    ]);
  });

  it('reads IEMOCAP label files and lists labelled utterances without audio', () => {
    const root = tempDir('iemocap');
    const session = path.join(root, 'Session1');
    tone(path.join(session, 'sentences/wav/Ses01F_impro01/Ses01F_impro01_F000.wav'));
    tone(path.join(session, 'sentences/wav/Ses01F_impro01/Ses01F_impro01_M001.wav'));
    mkdirSync(path.join(session, 'dialog/EmoEvaluation'), { recursive: true });
    mkdirSync(path.join(session, 'dialog/transcriptions'), { recursive: true });
    writeFileSync(
      path.join(session, 'dialog/EmoEvaluation/Ses01F_impro01.txt'),
      '% header\n[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]\n[10.0 - 11.0]\tSes01F_impro01_M001\tfru\t[2.0, 3.0, 3.0]\n[12.0 - 13.0]\tSes01F_impro01_M002\tang\t[2.0, 4.0, 4.0]\n',
    );
    writeFileSync(path.join(session, 'dialog/transcriptions/Ses01F_impro01.txt'), 'Ses01F_impro01_F000 [006.2901-008.2357]: Excuse me.\n');
    const d = importDataset(root);
    expect(d.format).toBe('iemocap');
    expect(d.items.map((i) => [i.speaker, i.gender, i.sourceLabel, i.transcript])).toEqual([
      ['iemocap_Ses01_F', 'female', 'neu', 'Excuse me.'],
      ['iemocap_Ses01_M', 'male', 'fru', undefined],
    ]);
    expect(d.problems.map((p) => p.code)).toEqual(['missing_audio']);
    const mapped = mapLabels(d.items, DEFAULT_LABEL_MAPPINGS.iemocap);
    expect(mapped.items.map((i) => i.label)).toEqual(['neutral']);
    expect(mapped.skipped.map((s) => s.code)).toEqual(['excluded_label']);
  });

  it('reads a CSV manifest and lists rows whose file is missing', () => {
    const root = tempDir('csv');
    tone(path.join(root, 'clips/a.wav'));
    writeFileSync(
      path.join(root, 'manifest.csv'),
      'path,label,speaker,gender,transcript\nclips/a.wav,joy,s1,F,"Hello, there"\nclips/missing.wav,joy,s2,,\n',
    );
    const d = importDataset(root);
    expect(d.format).toBe('csv');
    expect(d.items).toEqual([
      { audioPath: path.join(root, 'clips/a.wav'), speaker: 's1', gender: 'female', sourceLabel: 'joy', transcript: 'Hello, there' },
    ]);
    expect(d.problems[0]!.code).toBe('file_not_found');
  });

  it('refuses an empty folder with a clear error', () => {
    const root = tempDir('empty');
    expect(() => importDataset(root)).toThrowError(DatasetError);
    expect(() => importDataset(root)).toThrowError(/holds no audio files/);
    expect(() => importDataset(path.join(root, 'nope'))).toThrowError(/does not exist/);
  });

  it('reports unknown labels with counts instead of dropping them silently', () => {
    const items = ['angry', 'bored', 'bored', 'sad'].map((l, k) => ({
      audioPath: `/x/${k}.wav`,
      speaker: 's',
      gender: null,
      sourceLabel: l,
    }));
    const mapped = mapLabels(items, { angry: 'angry', sad: 'sad' });
    expect(mapped.items).toHaveLength(2);
    expect(mapped.unknownLabels).toEqual([{ sourceLabel: 'bored', count: 2, examples: ['/x/1.wav', '/x/2.wav'] }]);
    expect(mapped.skipped.every((s) => s.code === 'unknown_label')).toBe(true);
  });

  it.skipIf(!existsSync(path.join(SHARED_DATA, 'ravdess')))('finds all 1,200 shared RAVDESS clips', () => {
    expect(detectFormat(path.join(SHARED_DATA, 'ravdess'))).toBe('ravdess');
    expect(importDataset(path.join(SHARED_DATA, 'ravdess')).items).toHaveLength(1200);
  });

  it.skipIf(!existsSync(path.join(SHARED_DATA, 'nemo')))(
    'reads nEMO through its labels.csv (an "emotion" column) as a CSV manifest, with speakers and genders',
    () => {
      const nemo = path.join(SHARED_DATA, 'nemo');
      expect(detectFormat(nemo)).toBe('csv');
      const imported = importDataset(nemo);
      expect(imported.corpus).toBe('nemo');
      expect(imported.items).toHaveLength(2076);
      expect(new Set(imported.items.map((i) => i.speaker)).size).toBe(9);
      expect(new Set(imported.items.map((i) => i.sourceLabel))).toEqual(
        new Set(['neutral', 'sad', 'angry', 'happy', 'fearful', 'surprised']),
      );
      expect(imported.items.filter((i) => i.gender === 'female')).toHaveLength(920);
    },
  );
});
