import type { SpeakerGender } from '../../../shared/types/prosody';

/** Reads the gender spellings corpora use (M/F, male/female, m/w); null when absent or other. */
export function parseGender(value: string | undefined): SpeakerGender | null {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'm' || v === 'male' || v === 'man') return 'male';
  if (v === 'f' || v === 'w' || v === 'female' || v === 'woman') return 'female';
  return null;
}
