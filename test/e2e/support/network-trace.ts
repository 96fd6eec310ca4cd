// Reads an `strace -f -yy -e trace=bind,connect,sendto,sendmsg,sendmmsg` log and names every attempt to
// reach another machine: a DNS query (anything to port 53), a TCP connection to an address that is
// not loopback, and a datagram sent to one. Unix and netlink sockets are local and ignored.
//
// One kind of connect() is not traffic: Chromium's IPv6 reachability check connects a UDP socket to
// 2001:4860:4860::8888:443 only to ask the kernel for a route, and sends nothing (it runs on the
// first resolution of any host, 127.0.0.1 included). A UDP connect() therefore counts only if a
// datagram is later sent on that descriptor (strace -f prints thread ids, not processes, so this errs
// towards reporting: a later UDP send on a reused descriptor number counts too).
import { spawnSync } from 'node:child_process';

/** The strace options the network tests trace a process tree with (output file appended by the caller). */
export const NETWORK_TRACE_ARGS = ['-f', '-yy', '--seccomp-bpf', '-s', '256', '-e', 'trace=bind,connect,sendto,sendmsg,sendmmsg', '-o'];

/** Whether strace is installed and may trace a child here (ptrace can be forbidden in containers). */
export function canTrace(): boolean {
  const probe = spawnSync('strace', ['-f', '-e', 'trace=connect', '-o', '/dev/null', 'true'], { stdio: 'ignore' });
  return probe.status === 0;
}

export interface TraceSummary {
  /** One line per attempt to reach another machine, e.g. "DNS query to 10.0.0.53:53". */
  outbound: string[];
  /** bind() and connect() calls on loopback: proof that the trace saw the process's sockets at all. */
  loopbackCalls: number;
}

const CONNECT =
  /^\d+\s+(bind|connect)\((\d+)(<[^>]*>)?, \{sa_family=(AF_INET6?)[^}]*?(?:sin6?_port=htons\((\d+)\))[^}]*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")/;
const SEND = /^\d+\s+(sendto|sendmsg|sendmmsg)\((\d+)(<[^>]*>)?,(.*)$/;
const DESTINATION = /sa_family=AF_INET6?, sin6?_port=htons\((\d+)\)[^}]*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")/;

export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./i.test(address);
}

export function summarizeNetworkTrace(trace: string): TraceSummary {
  const outbound: string[] = [];
  let loopbackCalls = 0;
  // Descriptors of UDP sockets "connected" to another machine (a route probe until they send).
  const routeProbes = new Set<string>();
  for (const line of trace.split('\n')) {
    const connect = CONNECT.exec(line);
    if (connect) {
      const [, call, fd = '', label = '', , port, v4, v6] = connect;
      const address = v4 ?? v6 ?? '';
      if (call === 'bind') {
        if (isLoopback(address)) loopbackCalls += 1;
        continue; // a local address: nothing leaves
      }
      routeProbes.delete(fd);
      if (isLoopback(address)) loopbackCalls += 1;
      else if (port === '53') outbound.push(`DNS query to ${address}:53`);
      else if (label.startsWith('<UDP')) routeProbes.add(fd);
      else outbound.push(`${label.startsWith('<TCP') ? 'TCP connection' : 'connection'} to ${address}:${port}`);
      continue;
    }
    const send = SEND.exec(line);
    if (!send) continue;
    const [, call, fd = '', label = '', rest = ''] = send;
    const destination = DESTINATION.exec(rest);
    if (destination) {
      const [, port, v4, v6] = destination;
      const address = v4 ?? v6 ?? '';
      if (!isLoopback(address)) outbound.push(`${port === '53' ? 'DNS query' : 'datagram'} to ${address}:${port} (${call})`);
    } else if (label.startsWith('<UDP') && routeProbes.has(fd)) {
      outbound.push(`datagram on a UDP socket connected to another machine ${label} (${call})`);
    }
  }
  return { outbound, loopbackCalls };
}

/** The host names asked for in DNS queries the trace caught (for a readable failure message). */
export function queriedNames(trace: string): string[] {
  const names = new Set<string>();
  for (const match of trace.matchAll(/send(?:to|msg|mmsg)\(\d+[^"]*"((?:[^"\\]|\\.)*)"/g)) {
    const bytes = unescapeStrace(match[1]!);
    if (bytes.length < 17) continue;
    const labels: string[] = [];
    for (let i = 12; i < bytes.length && bytes[i]! > 0 && bytes[i]! < 64; i += bytes[i]! + 1) {
      labels.push(String.fromCharCode(...bytes.slice(i + 1, i + 1 + bytes[i]!)));
    }
    if (labels.length >= 2 && labels.every((label) => /^[A-Za-z0-9-]+$/.test(label))) names.add(labels.join('.'));
  }
  return [...names];
}

function unescapeStrace(text: string): number[] {
  const bytes: number[] = [];
  const named: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, f: 12, '"': 34, '\\': 92 };
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') {
      bytes.push(text.charCodeAt(i));
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += octal[0].length;
    } else {
      bytes.push(named[text[i + 1]!] ?? text.charCodeAt(i + 1));
      i += 1;
    }
  }
  return bytes;
}
