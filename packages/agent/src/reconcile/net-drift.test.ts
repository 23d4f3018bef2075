import { describe, expect, it } from 'vitest';
import type { DataplaneSnapshot } from '../osl/dataplane.js';
import type { LinkState } from '../osl/links.js';
import { describeNetDrift } from './net-drift.js';

const link = (name: string, up = true): LinkState => ({
  name,
  kind: 'veth',
  master: undefined,
  up,
  mtu: 1450,
  mac: '02:42:0a:00:01:05',
  alias: 'switchyard',
  hairpin: undefined,
  addresses: [],
});

const snapshot: DataplaneSnapshot = {
  host: [link('veth1', false)],
  namespaces: new Set(['h1-sb-c', 'h1-ov-257']),
  sandboxes: new Map([['h1-sb-c', { links: [link('eth0')], defaultGateway: '10.0.1.9' }]]),
  spaces: new Map([
    [
      'h1-ov-257',
      {
        links: [],
        neighbours: [{ device: 'vx-257', address: '10.0.1.7', mac: '02:42:0a:00:01:99' }],
        fdb: [{ device: 'vx-257', mac: '02:42:0a:00:01:08', dst: '192.168.99.13' }],
      },
    ],
  ]),
};

const ov = (line: string) => ({ netns: 'h1-ov-257', line });

describe('describeNetDrift', () => {
  it('names a missing FDB entry and one pointing elsewhere, with their namespace', () => {
    expect(
      describeNetDrift(
        [
          ov('fdb replace 02:42:0a:00:01:07 dev vx-257 dst 192.168.99.12 self permanent'),
          ov('fdb replace 02:42:0a:00:01:08 dev vx-257 dst 192.168.99.12 self permanent'),
        ],
        snapshot,
      ),
    ).toBe(
      'FDB entry 02:42:0a:00:01:07 dst 192.168.99.12 on vx-257 was missing in h1-ov-257; ' +
        'FDB entry 02:42:0a:00:01:08 on vx-257 pointed to 192.168.99.13, not 192.168.99.12 in h1-ov-257',
    );
  });

  it('names a neighbour entry with the wrong MAC and one missing', () => {
    expect(
      describeNetDrift(
        [
          ov('neigh replace 10.0.1.7 lladdr 02:42:0a:00:01:07 dev vx-257 nud permanent'),
          ov('neigh replace 10.0.1.8 lladdr 02:42:0a:00:01:08 dev vx-257 nud permanent'),
        ],
        snapshot,
      ),
    ).toBe(
      'neighbour 10.0.1.7 on vx-257 had MAC 02:42:0a:00:01:99, not 02:42:0a:00:01:07 in h1-ov-257; ' +
        'neighbour 10.0.1.8 (02:42:0a:00:01:08) on vx-257 was missing in h1-ov-257',
    );
  });

  it('names routes deleted in a sandbox and a link set down on the host', () => {
    const sandbox = (line: string) => ({ netns: 'h1-sb-c', line });
    expect(
      describeNetDrift(
        [
          { netns: undefined, line: 'link set dev veth1 up' },
          sandbox('route replace 10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.5'),
          sandbox('route replace default via 10.0.1.1'),
        ],
        snapshot,
      ),
    ).toBe(
      'veth1 was down on the host; the route to 10.0.1.0/24 on eth0 was missing in h1-sb-c; ' +
        'the default route in h1-sb-c was via 10.0.1.9, not 10.0.1.1',
    );
  });

  it('says a namespace was missing, not every line of making it again', () => {
    expect(
      describeNetDrift(
        [
          { netns: undefined, line: 'netns add h1-sb-d' },
          { netns: undefined, line: 'link add vethd mtu 1500 type veth peer name eth0 netns h1-sb-d' },
          { netns: undefined, line: 'link set vethd up' },
          { netns: 'h1-sb-d', line: 'addr add 10.0.1.6/24 dev eth0' },
          { netns: 'h1-sb-d', line: 'route replace default via 10.0.1.1' },
        ],
        snapshot,
      ),
    ).toBe('namespace h1-sb-d was missing; link vethd was missing on the host');
  });

  it('falls back to a general phrase for lines it cannot read', () => {
    expect(describeNetDrift([{ netns: undefined, line: 'tuntap add tap0 mode tap' }], snapshot)).toBe(
      'its links, addresses or routes differed from what was applied',
    );
  });
});
