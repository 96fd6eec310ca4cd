// Finds and starts the system Chromium in app mode for the browser host (used where no Electron
// binary exists). The flags keep it offline: it reaches the host on 127.0.0.1 and nothing else.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** Path of a Chromium-family browser, honouring CHROMIUM_PATH; null when none is installed. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROMIUM_PATH && existsSync(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
  return CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;
}

/**
 * The window only ever talks to the host on 127.0.0.1, so no host name needs resolving. Debian's
 * Chromium 156 still asked the resolver for accounts.google.com (ListAccounts, on every fresh
 * profile), update.googleapis.com (the on-device model manifest, an on-demand component that
 * --disable-component-update does not cover), content-autofill.googleapis.com and clients2.google.com
 * (issue 14, measured with strace over an import + explain). No switch stops the first two at their
 * source (--allow-browser-signin=false, AvoidAutoTriggerListAccountsOnStale and disabling Btm were
 * tried), so every name resolves to "not found" inside Chromium: no DNS query, no connection.
 */
export const OFFLINE_HOST_RESOLVER_RULES = 'MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

/** Flags every Chromium we start gets (also used by the e2e tests). */
export const QUIET_CHROMIUM_FLAGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  `--host-resolver-rules=${OFFLINE_HOST_RESOLVER_RULES}`,
  // Stop the requests the resolver rule would otherwise fail: autofill's form-signature queries
  // (patient forms are typed in this window) and the network-time fetch.
  '--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,NetworkTimeServiceQuerying',
];

export interface ChromiumAppOptions {
  executable: string;
  /** What the window opens. Every local user can read it in /proc/PID/cmdline: never put a secret in it. */
  url: string;
  profileDir: string;
  /** Root cannot run Chromium's sandbox; this is the only case we turn it off. */
  noSandbox?: boolean;
}

/** The arguments the app window is started with (apart from the executable). */
export function chromiumAppArgs(options: Omit<ChromiumAppOptions, 'executable'>): string[] {
  return [
    `--app=${options.url}`,
    `--user-data-dir=${options.profileDir}`,
    '--window-size=1280,860',
    ...QUIET_CHROMIUM_FLAGS,
    ...(options.noSandbox ? ['--no-sandbox'] : []),
  ];
}

export function launchChromiumApp(options: ChromiumAppOptions): ChildProcess {
  return spawn(options.executable, chromiumAppArgs(options), { stdio: 'ignore' });
}
