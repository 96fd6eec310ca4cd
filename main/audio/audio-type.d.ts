// audio-type ships no type declarations; this is the one function we use from it.
declare module 'audio-type' {
  /** Short format name ("wav", "mp3", "opus", "oga", "webm", …) from a file's first bytes, or undefined. */
  export default function audioType(bytes: Uint8Array | ArrayBuffer): string | undefined;
}
