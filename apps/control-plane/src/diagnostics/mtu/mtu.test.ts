import { desiredNetworkSchema, type DiagnosticAnswer, type LinkFact } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { judgePath } from '../path-judge.js';
import { planPath } from '../path-plan.js';
import {
  appnet,
  facts,
  healthyAnswers,
  host1,
  host2,
  probeResult,
  toolSandbox,
} from '../../test-support/diagnostics/path.fixture.js';

// The MTU step of a path check: the tool on host1 reaches web.1 (host1) and web.2 (host2) over the
// overlay appnet, whose MTU is 1450.

const appnetDesired = desiredNetworkSchema.parse({
  id: appnet.id,
  name: appnet.name,
  driver: 'overlay',
  overlay: {
    vni: 257,
    vxlanPort: 4789,
    mtu: 1450,
    internal: false,
    netns: 'sydg-host1-ov-257',
    localUnderlay: host1.underlay,
    peers: [],
  },
  subnets: [{ subnet: '10.0.2.0/24', gateway: '10.0.2.1' }],
  embeddedDns: true,
});

const link = (name: string, mtu: number, more: Partial<LinkFact> = {}): LinkFact => ({
  name,
  kind: 'veth',
  mtu,
  up: true,
  mac: '02:42:00:00:00:01',
  master: null,
  addresses: [],
  vni: null,
  ...more,
});

const linksAnswer = (id: string, netns: string, links: LinkFact[]): DiagnosticAnswer => ({
  id,
  ok: true,
  netns,
  fact: { fact: 'links', links },
});

/** Every answer right: the path check's own, plus the links of each namespace and a DF ping that got through. */
function answers(
  change: { eth0?: number; vx?: number; underlay?: number; pingExit?: number } = {},
): Map<string, DiagnosticAnswer> {
  const all = healthyAnswers();
  const sandbox = (name: string, address: string, mtu = 1450) =>
    linksAnswer(`mtu:sandbox:id-${name}`, `sydg-${name}`, [
      link('lo', 65_536, { kind: 'device', addresses: ['127.0.0.1/8'] }),
      link('eth0', mtu, { addresses: [`${address}/24`] }),
    ]);
  const overlay = (node: typeof host1, vx = 1450) =>
    linksAnswer(`mtu:network:${appnet.id}@${node.id}`, `${node.name}-ov-257`, [
      link('br0', 1450, { kind: 'bridge' }),
      link('vx-257', vx, { kind: 'vxlan', master: 'br0', vni: 257 }),
      link('veth1234567', 1450, { master: 'br0' }),
      link('lo', 65_536, { kind: 'device' }),
    ]);
  const host = (node: typeof host1, mtu = 1500) =>
    linksAnswer(`mtu:host@${node.id}`, node.name, [
      link('eth0', mtu, { addresses: [`${node.underlay}/24`] }),
      link('docker_gwbridge', 1500, { kind: 'bridge', addresses: ['172.18.0.1/16'] }),
    ]);
  for (const answer of [
    sandbox('tool', '10.0.2.5', change.eth0),
    sandbox('web.1', '10.0.2.3'),
    sandbox('web.2', '10.0.2.4'),
    overlay(host1, change.vx),
    overlay(host2),
    host(host1, change.underlay),
    host(host2),
  ]) {
    all.set(answer.id, answer);
  }
  const exit = change.pingExit ?? 0;
  all.set('mtu:df-ping', {
    id: 'mtu:df-ping',
    ok: true,
    netns: 'sydg-host1-sb-tool',
    probe: probeResult(
      ['ping', '-n', '-c', '2', '-M', 'do', '-s', '1422', '10.0.2.4'],
      exit,
      exit === 0
        ? '2 packets transmitted, 2 received, 0% packet loss'
        : '2 packets transmitted, 0 received, 100% packet loss, time 1020ms',
    ),
  });
  return all;
}

const withMtu = () => facts({ sourceDocument: { sandboxes: [toolSandbox()], networks: [appnetDesired] } });
const mtuStep = (answered: Map<string, DiagnosticAnswer>) =>
  judgePath(planPath(withMtu()), answered, { from: 'tool', to: 'web', durationMs: 1 }).steps.find(
    (step) => step.id === 'mtu',
  );

describe('the MTU step of a path check', () => {
  it('asks for the links of every namespace on the path and a DF ping at the overlay MTU to the other host', () => {
    const plan = planPath(withMtu());
    const ids = (node: string) => (plan.queries.get(node) ?? []).map((query) => query.id);
    expect(ids(host1.id)).toEqual(
      expect.arrayContaining([
        'mtu:sandbox:id-tool',
        `mtu:network:${appnet.id}@${host1.id}`,
        `mtu:host@${host1.id}`,
        'mtu:sandbox:id-web.1',
        'mtu:df-ping',
      ]),
    );
    expect(ids(host2.id)).toEqual(
      expect.arrayContaining([
        `mtu:network:${appnet.id}@${host2.id}`,
        `mtu:host@${host2.id}`,
        'mtu:sandbox:id-web.2',
      ]),
    );
    const ping = plan.queries.get(host1.id)?.find((query) => query.id === 'mtu:df-ping');
    expect(ping).toMatchObject({
      kind: 'probe',
      probe: { tool: 'ping', host: '10.0.2.4', size: 1422, dontFragment: true },
    });
  });

  it('is one short ok step on a healthy path', () => {
    const step = mtuStep(answers());
    expect(step?.status).toBe('ok');
    expect(step?.message).toBe(
      "11 links on the path fit the overlay appnet's MTU 1450; a 1450-byte ping with DF set to 10.0.2.4 (task web.2 on sydg-host2) got through in 3 ms",
    );
  });

  it("names a client's eth0 raised above the overlay's MTU, with the fix", () => {
    const result = judgePath(planPath(withMtu()), answers({ eth0: 9000 }), {
      from: 'tool',
      to: 'web',
      durationMs: 1,
    });
    expect(result.brokenAt).toBe('mtu');
    expect(result.steps.find((step) => step.id === 'mtu')?.message).toBe(
      "eth0 of tool on sydg-host1 has MTU 9000, above the overlay appnet's 1450: large packets with DF set are lost (ip link set eth0 mtu 1450, in netns sydg-tool)",
    );
    // The link's owner, the client container, carries the mark.
    expect(result.steps.find((step) => step.id === 'mtu')?.subject).toMatchObject({
      kind: 'container',
      name: 'tool',
    });
  });

  it("names a VXLAN device below the overlay's MTU and an underlay too small to carry it", () => {
    expect(mtuStep(answers({ vx: 1400 }))?.message).toBe(
      "vx-257 in the overlay appnet's namespace on sydg-host1 has MTU 1400, below the overlay appnet's 1450: packets between 1400 and 1450 bytes through it are lost (ip link set vx-257 mtu 1450, in netns sydg-host1-ov-257)",
    );
    expect(mtuStep(answers({ underlay: 1450 }))?.message).toBe(
      "eth0 of sydg-host1 (its underlay, 192.168.70.11) has MTU 1450: VXLAN needs 1500 to carry the overlay appnet's 1450, so larger packets are lost (ip link set eth0 mtu 1500, in netns sydg-host1)",
    );
    expect(mtuStep(answers({ underlay: 1450 }))?.subject).toMatchObject({ kind: 'node', name: 'sydg-host1' });
  });

  it('names a lost DF ping when every link reads right', () => {
    const step = mtuStep(answers({ pingExit: 1 }));
    expect(step?.status).toBe('broken');
    expect(step?.message).toBe(
      "sandbox of tool on sydg-host1: a 1450-byte ping with DF set to 10.0.2.4 (task web.2 on sydg-host2) is lost: a link on the path carries less than the overlay appnet's 1450 (2 packets transmitted, 0 received, 100% packet loss, time 1020ms)",
    );
  });

  it('is left out when the desired state sets no MTU for the network', () => {
    expect(
      judgePath(planPath(facts()), healthyAnswers(), { from: 'tool', to: 'web', durationMs: 1 }).steps.map(
        (step) => step.id,
      ),
    ).not.toContain('mtu');
  });
});
