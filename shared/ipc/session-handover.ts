// How a browser-host page gets the per-launch token without it ever being on a command line
// (issue 14: /proc/PID/cmdline is readable by every local user). The host hands out one-time
// codes instead: the address printed in the terminal ends in #code=…, and the window the host opens
// reads its own code from a 0600 launcher file. The page posts the code to SESSION_PATH once and
// gets the token; a second try with the same code is refused. Shared by main and the page, so no zod.

/** Where the page exchanges its one-time code for the session token (POST, JSON body). */
export const SESSION_PATH = '/session';

/** Body of POST SESSION_PATH. */
export interface SessionRequest {
  code: string;
}

/** What a successful POST SESSION_PATH answers (inside an IpcResult, like every other reply). */
export interface SessionGrant {
  token: string;
}

/**
 * What the address's fragment carries: a one-time `code` (what the host prints and opens), or a
 * `token` from a caller that already holds it (its own tools and the end-to-end tests, which read
 * the 0600 session file). The host itself never builds an address with the token in it.
 */
export type LaunchFragment = { kind: 'code' | 'token'; value: string } | null;

export function readLaunchFragment(hash: string): LaunchFragment {
  for (const kind of ['code', 'token'] as const) {
    // A regex, not URLSearchParams: shared/ code runs where no DOM or Node globals are declared.
    const match = new RegExp(`(?:^#|&)${kind}=([^&]+)`).exec(hash);
    if (!match?.[1]) continue;
    try {
      return { kind, value: decodeURIComponent(match[1]) };
    } catch {
      return null; // a broken escape is no code at all
    }
  }
  return null;
}
