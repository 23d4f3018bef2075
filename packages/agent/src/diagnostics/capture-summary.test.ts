import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureFirstLines, summariseCapture } from './capture-summary.js';

// `tcpdump -i any -nn -l` in a toolbox sandbox while it pinged, curled, dug and nc'ed a whoami task.
const sample = readFileSync(new URL('./capture.sample.txt', import.meta.url), 'utf8');

describe('summariseCapture', () => {
  it('counts packets per protocol, busiest first', () => {
    const summary = summariseCapture(sample);
    expect(summary.packets).toBe(32);
    expect(summary.byProtocol).toEqual([
      { protocol: 'TCP', count: 18 },
      { protocol: 'DNS', count: 8 },
      { protocol: 'ICMP', count: 4 },
      { protocol: 'ARP', count: 2 },
    ]);
  });

  it('counts per pair of addresses, ports left out', () => {
    const summary = summariseCapture(sample);
    expect(summary.byPeer.slice(0, 3)).toEqual([
      // The ARP request (10.0.2.5 asks for 10.0.2.4) counts; its reply names no asker, so it does not.
      { peers: '10.0.2.5 > 10.0.2.4', count: 14 },
      { peers: '10.0.2.4 > 10.0.2.5', count: 9 },
      { peers: '127.0.0.1 > 127.0.0.11', count: 4 },
    ]);
  });

  it(`keeps the first ${captureFirstLines} packets verbatim and ignores tcpdump's own chatter`, () => {
    const summary = summariseCapture(`${sample}\n32 packets captured\nlistening on any\n`);
    expect(summary.firstLines).toHaveLength(captureFirstLines);
    expect(summary.firstLines[0]).toMatch(/ARP, Request who-has 10\.0\.2\.4 tell 10\.0\.2\.5/);
  });

  it('tells VXLAN, plain UDP and IPv6 apart', () => {
    const summary = summariseCapture(
      [
        '04:34:46.633556 eth0  Out IP 192.168.70.11.40000 > 192.168.70.12.4789: VXLAN, flags [I] (0x08), vni 257',
        '04:34:46.633557 eth0  Out IP 10.0.2.5.5000 > 10.0.2.4.6000: UDP, length 12',
        '04:34:46.633558 eth0  Out IP6 fe80::1 > ff02::2: ICMP6, router solicitation, length 16',
      ].join('\n'),
    );
    expect(summary.byProtocol.map((entry) => entry.protocol).sort()).toEqual(['IPv6', 'UDP', 'VXLAN']);
  });

  it('says nothing was captured when nothing was', () => {
    expect(summariseCapture('')).toEqual({ packets: 0, byProtocol: [], byPeer: [], firstLines: [] });
  });
});
