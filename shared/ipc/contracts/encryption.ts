// Encryption at rest of the library (issue 14): whether it is on, unlocking it at start, and turning
// it on for an existing library. Spread into the one contract (../contract.ts).
import { z } from 'zod';
import type { RequestSpec } from '../contract-spec';

/** Whether the library is encrypted, whether it is still locked, and how its key is kept. */
export const encryptionStatusSchema = z.object({
  encrypted: z.boolean(),
  locked: z.boolean(),
  /** 'passphrase' in the browser host; 'os-keychain' where Electron's safeStorage keeps the key. */
  custody: z.enum(['passphrase', 'os-keychain']).nullable(),
  /** Whether this host can keep a key in the OS keychain (Electron with a real keychain). */
  keychainAvailable: z.boolean(),
});
export type EncryptionStatus = z.infer<typeof encryptionStatusSchema>;

/** Passphrases are typed by a person: up to 1,024 characters. */
const passphrase = z.string().min(1).max(1024);

export const encryptionRequests = {
  'encryption.status': {
    payload: z.object({}).strict(),
    response: encryptionStatusSchema,
    doc: 'Whether the library is encrypted and locked; a locked library answers every library channel with "unavailable".',
  },
  'encryption.unlock': {
    payload: z.object({ passphrase: passphrase.optional() }).strict(),
    response: encryptionStatusSchema,
    doc: 'Unlocks an encrypted library with its passphrase (or the OS keychain when none is given) and opens it; a wrong passphrase answers wrong_passphrase and changes nothing.',
  },
  'encryption.enable': {
    payload: z.object({ passphrase: passphrase.optional() }).strict(),
    response: encryptionStatusSchema.extend({ filesEncrypted: z.number().int().nonnegative() }),
    doc: 'Encrypts the library (database, recordings, reports) under a new key kept with the passphrase, or in the OS keychain when none is given; the library is closed while it runs and reopened unlocked.',
  },
  'encryption.changePassphrase': {
    payload: z.object({ current: passphrase.optional(), next: passphrase.optional() }).strict(),
    response: encryptionStatusSchema,
    doc: 'Keeps the same library key under a new passphrase (next; the OS keychain when absent) once the current one (the keychain when absent) unwraps it; nothing is re-encrypted and the library stays open. A wrong current passphrase answers wrong_passphrase, a short new one weak_passphrase, and neither changes anything.',
  },
} satisfies Record<string, RequestSpec>;
