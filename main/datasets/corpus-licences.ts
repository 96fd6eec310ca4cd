// Licences of the corpora the app knows, so a model trained on them carries the right terms into its
// manifest and card (data README: RAVDESS and nEMO are CC BY-NC-SA 4.0). Anything else stays marked
// as unknown until the researcher types it on the dataset's page.
const KNOWN: Record<string, string> = {
  ravdess: 'CC BY-NC-SA 4.0',
  nemo: 'CC BY-NC-SA 4.0',
};

/** What the app writes until the researcher sets a licence. */
export const UNKNOWN_LICENCE = 'Unknown: set the licence of this data before sharing a model trained on it';

export function defaultLicence(corpus: string): string {
  return KNOWN[corpus.toLowerCase()] ?? UNKNOWN_LICENCE;
}
