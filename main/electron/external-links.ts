// Which links may leave the app for the user's browser (shell.openExternal). Kept free of electron
// imports so the policy is unit-tested under plain Node.

/** Hosts whose https links may be opened in the user's browser (docs, licences, issue tracker). */
export const EXTERNAL_LINK_ALLOW_LIST = ['github.com', 'creativecommons.org', 'zenodo.org', 'onnxruntime.ai'];

export function isAllowedExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' || url.username || url.password) return false;
    return EXTERNAL_LINK_ALLOW_LIST.some((host) => url.hostname === host || url.hostname.endsWith(`.${host}`));
  } catch {
    return false;
  }
}
