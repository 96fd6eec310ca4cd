import { describe, expect, it } from 'vitest';
import { datasetImportRequestSchema, labelMappingSchema } from './datasets';

describe('dataset payloads', () => {
  it('accepts model labels as words, trimmed, and null to leave a label out', () => {
    expect(labelMappingSchema.parse({ calm: ' neutral ', xxx: null, exc: 'very happy' })).toEqual({
      calm: 'neutral',
      xxx: null,
      exc: 'very happy',
    });
  });

  it('refuses empty, markup-like or overlong model labels', () => {
    for (const bad of ['', '   ', '<b>angry</b>', '1st', 'a'.repeat(41)])
      expect(labelMappingSchema.safeParse({ calm: bad }).success, bad).toBe(false);
  });

  it('needs a typed folder and refuses unknown fields', () => {
    expect(datasetImportRequestSchema.safeParse({ path: '  ' }).success).toBe(false);
    expect(datasetImportRequestSchema.safeParse({ path: '/data/ravdess', extra: 1 }).success).toBe(false);
    expect(datasetImportRequestSchema.parse({ path: ' /data/ravdess ', validationSpeakers: ['17', '18'] })).toEqual({
      path: '/data/ravdess',
      validationSpeakers: ['17', '18'],
    });
  });
});
