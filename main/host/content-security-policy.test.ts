import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy';

describe('the content security policy', () => {
  const directives = (csp: string) =>
    new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );

  it('allows scripts only from the app itself: no inline scripts, no eval, no remote code', () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('adds only the given WebSocket origin to connect-src', () => {
    const csp = directives(contentSecurityPolicy(['ws://127.0.0.1:4000']));
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4000']);
  });
});
