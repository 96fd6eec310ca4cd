// Library files as the decoder's ByteSource: an encrypted file is decrypted record by record as the
// decoder reads it (the plaintext never touches the disk), a plaintext one (a library part-way
// through its migration) is read as it is. Format failures become AudioError codes.
import { AudioError } from '../audio/audio-error';
import { openFileByteSource, type ByteSource } from '../audio/byte-source';
import { EncryptedFileError, EncryptedFileReader, isEncryptedFile } from './encrypted-file';

export async function openLibraryByteSource(path: string, fileKey: Uint8Array): Promise<ByteSource> {
  if (!(await isEncryptedFile(path))) return openFileByteSource(path);
  let reader: EncryptedFileReader;
  try {
    reader = await EncryptedFileReader.open(path, fileKey);
  } catch (error) {
    throw asAudioError(error, path);
  }
  return {
    sizeBytes: reader.sizeBytes,
    read: (offset, length) => reader.read(offset, length).catch((error: unknown) => Promise.reject(asAudioError(error, path))),
    close: () => reader.close(),
  };
}

function asAudioError(error: unknown, path: string): unknown {
  if (!(error instanceof EncryptedFileError)) return error;
  const code = error.code === 'truncated' ? 'truncated' : error.code === 'unsupported_version' ? 'unsupported_codec' : 'corrupt';
  return new AudioError(code, `"${path}": ${error.message}`, { cause: error });
}
