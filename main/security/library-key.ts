// The library key: 32 random bytes made when the user turns encryption on. The database and the
// files get separate keys derived from it (HKDF), so the SQLite cipher and the file format never
// share key material.
import { hkdfSync, randomBytes } from 'node:crypto';

export const LIBRARY_KEY_BYTES = 32;

export class LibraryKey {
  private constructor(private readonly material: Buffer) {}

  static generate(): LibraryKey {
    return new LibraryKey(randomBytes(LIBRARY_KEY_BYTES));
  }

  static fromBytes(bytes: Uint8Array): LibraryKey {
    if (bytes.length !== LIBRARY_KEY_BYTES) throw new RangeError(`A library key is ${LIBRARY_KEY_BYTES} bytes, not ${bytes.length}.`);
    return new LibraryKey(Buffer.from(bytes));
  }

  /** The raw key, for wrapping by a key store only. */
  bytes(): Buffer {
    return Buffer.from(this.material);
  }

  /** Key of the SQLite database (SQLCipher format), as the hex SQLite's `PRAGMA key = "x'…'"` takes. */
  databaseKeyHex(): string {
    return this.derive('emotionthinker database v1').toString('hex');
  }

  /** Key of the recordings and reports (AES-256-GCM, encrypted-file.ts). */
  fileKey(): Buffer {
    return this.derive('emotionthinker files v1');
  }

  private derive(info: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.material, Buffer.alloc(0), info, 32));
  }
}
