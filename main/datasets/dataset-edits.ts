// What a rename or licence edit may be: trimmed, not empty, within the caps the contract also applies
// (checked here too, so a caller below the IPC gets the same typed error).
import { AppError } from '../../shared/errors/app-error';

/** The longest dataset name accepted. */
export const MAX_DATASET_NAME = 120;
/** The longest licence accepted. */
export const MAX_LICENCE = 200;

/** The edits, trimmed; invalid_payload naming the field when one is empty or too long. */
export function checkDatasetEdits(changes: { name?: string; licence?: string }): { name?: string; licence?: string } {
  const out: { name?: string; licence?: string } = {};
  if (changes.name !== undefined) out.name = checked(changes.name, 'A dataset name', MAX_DATASET_NAME);
  if (changes.licence !== undefined) out.licence = checked(changes.licence, 'A licence', MAX_LICENCE);
  return out;
}

function checked(value: string, what: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new AppError('invalid_payload', `${what} cannot be empty.`);
  if (trimmed.length > max) throw new AppError('invalid_payload', `${what} has at most ${max} characters; this one has ${trimmed.length}.`);
  return trimmed;
}
