import type { DesiredNetwork } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import type { LinkState } from '../../osl/links.js';
import { endpoint, macvlanNetwork, sandbox } from '../../test-support/reconcile/documents.fixture.js';
import { linkView, managedAlias, type Attachment } from '../driver.js';
import { macvlanDriver, macvlanTempName } from './macvlan-driver.js';

function link(name: string, fields: Partial<LinkState> = {}): LinkState {
  const defaults = { kind: undefined, master: undefined, up: true, mtu: 1500, mac: '', alias: undefined };
  return { name, ...defaults, hairpin: undefined, addresses: [], ...fields };
}

const host = linkView([link('eth0', { kind: 'veth' })]);
const context = { host, space: undefined, capabilities: new Set(['macvlan' as const]) };
const net = (parent: string, mode: NonNullable<DesiredNetwork['macvlan']>['mode'] = 'bridge') =>
  macvlanNetwork(`mv-${parent}-${mode}`, parent, mode, '192.168.85.0/24', '192.168.85.1');

describe('macvlan network planner', () => {
  it('needs nothing for an existing parent', () => {
    expect(macvlanDriver.planNetwork(net('eth0'), context)).toEqual({ lines: [] });
  });

  it('refuses a parent that does not exist', () => {
    expect(macvlanDriver.planNetwork(net('eth7'), context).error).toBe(
      'parent interface eth7 does not exist on this node',
    );
  });

  it('refuses eth0.10 on a kernel without 802.1Q', () => {
    expect(macvlanDriver.planNetwork(net('eth0.10'), context)).toEqual({
      lines: [],
      error: 'kernel has no 802.1Q support: cannot create parent eth0.10',
    });
  });

  it('creates and owns eth0.10 where the kernel has 802.1Q', () => {
    const with8021q = { ...context, capabilities: new Set(['8021q' as const]) };
    expect(macvlanDriver.planNetwork(net('eth0.10'), with8021q).lines).toEqual([
      'link add link eth0 name eth0.10 type vlan id 10',
      `link set eth0.10 alias ${managedAlias}`,
      'link set eth0.10 up',
    ]);
    expect(macvlanDriver.networkLinks(net('eth0.10'))).toEqual(['eth0.10']);
    expect(macvlanDriver.networkLinks(net('eth0'))).toEqual([]);
  });
});

describe('macvlan endpoint planner', () => {
  const plan = (network: DesiredNetwork, id: string, address: string, attachments: Attachment[] = []) => {
    const sb = { ...sandbox(id, `sb-${id}`, []), netns: `sb-${id}` };
    const own = endpoint(network, address);
    return macvlanDriver.planEndpoint({
      sandbox: sb,
      endpoint: own,
      network,
      host,
      inside: linkView([]),
      space: linkView([]),
      attachments,
    });
  };

  it.each(['bridge', 'private', 'vepa', 'passthru'] as const)('makes a %s child and moves it in', (mode) => {
    const network = net('eth0', mode);
    const temp = macvlanTempName('m1'.padEnd(64, '0'), network.id);
    const result = plan(network, 'm1', '192.168.85.101');
    expect(result.host).toEqual([
      `link add link eth0 name ${temp} type macvlan mode ${mode}`,
      `link set ${temp} netns sb-m1`,
    ]);
    expect(result.inside).toEqual([
      `link set ${temp} name eth0`,
      'link set eth0 address 02:42:c0:a8:55:65',
      'addr add 192.168.85.101/24 dev eth0',
      'link set eth0 up',
    ]);
  });

  it('gives passthru to the first endpoint on the parent and refuses the second', () => {
    const network = net('eth0', 'passthru');
    const attachments = ['t1', 't2'].map((id, i) => ({
      sandbox: sandbox(id, `sb-${id}`, []),
      endpoint: endpoint(network, `192.168.85.12${i}`),
      network,
    }));
    expect(plan(network, 't1', '192.168.85.120', attachments).error).toBeUndefined();
    expect(plan(network, 't2', '192.168.85.121', attachments)).toMatchObject({
      host: [],
      error: 'passthru mode allows one container per parent eth0',
    });
  });

  it('routes through the subnet gateway the endpoint carries', () => {
    const network = net('eth0');
    expect(macvlanDriver.gateway(network, endpoint(network, '192.168.85.9'))).toBe('192.168.85.1');
  });
});
