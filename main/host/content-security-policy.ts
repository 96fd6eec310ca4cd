// One CSP for both shells. Scripts only from the app itself (no inline, no eval); styles may be inline
// because Svelte sets style attributes at run time; the WebSocket origin is added for the browser host.
export function contentSecurityPolicy(extraConnectSources: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src 'self' ${extraConnectSources.join(' ')}`.trim(),
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
