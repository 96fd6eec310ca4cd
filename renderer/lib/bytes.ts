// Binary data over a JSON transport: base64 both ways, in chunks small enough for one message.

/** Base64 of bytes (chunked String.fromCharCode keeps the call stack small). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Bytes of a base64 string. */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Offers a text file to save, through a temporary link (no dialog APIs needed in either shell). */
export function saveTextFile(file: { fileName: string; mimeType: string; text: string }): void {
  saveBlob(file.fileName, new Blob([file.text], { type: file.mimeType }));
}

/** Offers a binary file (sent as base64) to save, like saveTextFile. */
export function saveBase64File(file: { fileName: string; mimeType: string; base64: string }): void {
  saveBlob(file.fileName, new Blob([fromBase64(file.base64) as Uint8Array<ArrayBuffer>], { type: file.mimeType }));
}

function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
