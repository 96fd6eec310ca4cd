// What the Electron shell lets a web contents do: navigate or be redirected only within the app, and
// use one permission, the microphone, from the app's own pages. Kept free of electron imports so
// the decisions are unit-tested under plain Node; security.ts wires them into Electron.
import { APP_ORIGIN } from './channels';

const APP = new URL(APP_ORIGIN);

/**
 * True for URLs (or serialized origins) of the app itself, app://emotionthinker/…. Compared by
 * scheme and host: Node's URL does not know that Electron registered app: as a standard scheme,
 * so `new URL(url).origin` is "null" for every app: URL and would match nothing (or everything
 * that is also "null", such as file: pages).
 */
export function isAppUrl(raw: string | undefined): boolean {
  if (!raw) return false;
  try {
    const url = new URL(raw);
    return url.protocol === APP.protocol && url.host === APP.host && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** For will-navigate and will-redirect alike: a redirect is a navigation the page did not choose. */
export function mayNavigateTo(url: string): boolean {
  return isAppUrl(url);
}

/** The parts of Electron's permission request (setPermissionRequestHandler) the decision reads. */
export interface PermissionRequestFacts {
  permission: string;
  /** details.requestingUrl: the frame asking. */
  requestingUrl?: string;
  /** details.mediaTypes, for 'media': what it wants to capture. */
  mediaTypes?: readonly string[];
}

/** The parts of Electron's permission check (setPermissionCheckHandler) the decision reads. */
export interface PermissionCheckFacts {
  permission: string;
  requestingOrigin?: string;
  /** details.mediaType, for 'media'. */
  mediaType?: string;
}

/** Audio capture for recording, asked for by the app's own page; everything else is refused. */
export function allowsPermissionRequest(request: PermissionRequestFacts): boolean {
  const types = request.mediaTypes ?? [];
  return request.permission === 'media' && isAppUrl(request.requestingUrl) && types.length > 0 && types.every((type) => type === 'audio');
}

/**
 * The same rule for Chromium's synchronous checks (e.g. whether enumerateDevices may name the
 * microphones): without a check handler Electron answers them "granted" for every permission.
 */
export function allowsPermissionCheck(check: PermissionCheckFacts): boolean {
  return check.permission === 'media' && isAppUrl(check.requestingOrigin) && check.mediaType === 'audio';
}
