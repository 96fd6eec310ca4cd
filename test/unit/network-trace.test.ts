// The strace reader behind the offline e2e test (test/e2e/offline-network.e2e.test.ts), on lines
// taken from real traces of Debian's Chromium and of the host.
import { describe, expect, it } from 'vitest';
import { queriedNames, summarizeNetworkTrace } from '../e2e/support/network-trace';

const LOOPBACK_BIND = '1760  bind(21<TCP:[716145]>, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0';
const LOOPBACK_CONNECT =
  '1908  connect(22<TCP:[716418]>, {sa_family=AF_INET, sin_port=htons(40051), sin_addr=inet_addr("127.0.0.1")}, 16 <unfinished ...>';
const ROUTE_PROBE =
  '1908  connect(22<UDPv6:[716411]>, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28 <unfinished ...>';
const DNS_CONNECT =
  '1908  connect(25<UDP:[0.0.0.0:50840]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16 <unfinished ...>';
const DNS_QUERY = String.raw`1908  sendmmsg(25<UDP:[0.0.0.0:50840]>, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="\355\270\1\0\0\1\0\0\0\0\0\0\10accounts\6google\3com\0\0\1\0\1", iov_len=36}]}}], 1, MSG_NOSIGNAL) = 1`;
const TCP_OUT =
  '32446 connect(19<TCP:[713241]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("142.250.1.1")}, 16) = -1 EINPROGRESS (Operation now in progress)';
const UNIX = '30919 connect(23, {sa_family=AF_UNIX, sun_path=@"/tmp/.X11-unix/X77"}, 21) = 0';
const MULTICAST = String.raw`2000  sendto(40<UDP:[0.0.0.0:1900]>, "M-SEARCH * HTTP/1.1\r\n", 21, 0, {sa_family=AF_INET, sin_port=htons(1900), sin_addr=inet_addr("239.255.255.250")}, 16) = 21`;

describe('summarizeNetworkTrace', () => {
  it('finds nothing outbound in loopback and unix-socket traffic, and counts the loopback sockets', () => {
    expect(summarizeNetworkTrace([LOOPBACK_BIND, LOOPBACK_CONNECT, UNIX].join('\n'))).toEqual({ outbound: [], loopbackCalls: 2 });
  });

  it('lets a UDP route probe pass while it sends nothing', () => {
    expect(summarizeNetworkTrace(ROUTE_PROBE).outbound).toEqual([]);
  });

  it('reports a route-probe socket that then sends a datagram', () => {
    const sent = '1908  sendto(22<UDPv6:[[fd00::2]:5000]>, "x", 1, 0, NULL, 0) = 1';
    expect(summarizeNetworkTrace([ROUTE_PROBE, sent].join('\n')).outbound).toHaveLength(1);
  });

  it('reports DNS lookups, TCP connections to other machines and datagrams sent to them', () => {
    expect(summarizeNetworkTrace([DNS_CONNECT, DNS_QUERY, TCP_OUT, MULTICAST].join('\n')).outbound).toEqual([
      'DNS query to 10.255.255.53:53',
      'TCP connection to 142.250.1.1:443',
      'datagram to 239.255.255.250:1900 (sendto)',
    ]);
  });

  it('names the hosts asked for in DNS queries', () => {
    expect(queriedNames(DNS_QUERY)).toEqual(['accounts.google.com']);
  });
});
