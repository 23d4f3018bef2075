import { readFileSync } from 'node:fs';
import type { DesiredNetwork, DiagnosticAnswer, DiagnosticQuery } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { buildHostView, planHostView, type HostViewFacts } from './host-view.js';
import {
  appnet,
  fdbEntry,
  front,
  host2,
  lbListing,
  neighbourEntry,
  serviceId,
  toolSandbox,
  webService,
} from '../test-support/diagnostics/path.fixture.js';

const overlay = {
  id: appnet.id,
  name: 'appnet',
  driver: 'overlay',
  overlay: {
    vni: 257,
    vxlanPort: 4789,
    mtu: 1450,
    internal: false,
    netns: 'sydg-host1-ov-257',
    localUnderlay: '192.168.70.11',
    peers: [],
  },
  subnets: [{ subnet: '10.0.2.0/24', gateway: '10.0.2.1' }],
  embeddedDns: true,
} as unknown as DesiredNetwork;
const bridgeNetwork = {
  id: front.id,
  name: 'front',
  driver: 'bridge',
  bridge: {
    interfaceName: 'br-5ca58c4adc0a',
    mtu: 1500,
    icc: true,
    masquerade: true,
    hostBindingIpv4: '0.0.0.0',
    internal: false,
  },
  subnets: [{ subnet: '172.30.0.0/16', gateway: '172.30.0.1' }],
  embeddedDns: true,
} as unknown as DesiredNetwork;

function facts(subject: HostViewFacts['subject']): HostViewFacts {
  return {
    node: 'sydg-host1',
    document: {
      networks: [overlay, bridgeNetwork],
      sandboxes: [
        toolSandbox(),
        {
          ...toolSandbox(),
          id: 'id-fweb',
          name: 'fweb',
          virtualServices: [],
          endpoints: [
            {
              networkId: front.id,
              interfaceName: 'eth0',
              address: '172.30.0.2',
              prefixLength: 16,
              gateway: '172.30.0.1',
              mac: '02:42:ac:1e:00:02',
            },
          ],
        },
      ],
      ingress: {
        networkId: 'net-ingress',
        endpoint: {
          interfaceName: 'sy-ingress',
          address: '10.0.0.2',
          prefixLength: 24,
          mac: '02:42:0a:00:00:02',
        },
        published: [{ serviceId, protocol: 'tcp', publishedPort: 8080, targetPort: 80, backends: [] }],
      },
    } as unknown as HostViewFacts['document'],
    subject,
  };
}

/** Answers every read as a small real host would. */
function answer(query: DiagnosticQuery): DiagnosticAnswer {
  if (query.kind !== 'read') throw new Error('a host view only reads');
  const netns = query.where.scope === 'host' ? null : 'sydg-host1-ov-257';
  const base = { id: query.id, ok: true as const, netns };
  switch (query.fact) {
    case 'links':
      return {
        ...base,
        fact: {
          fact: 'links',
          links: [
            {
              name: 'br-5ca58c4adc0a',
              kind: 'bridge',
              mtu: 1500,
              up: true,
              mac: 'aa',
              master: null,
              addresses: ['172.30.0.1/16'],
              vni: null,
            },
            {
              name: 'veth1234567',
              kind: 'veth',
              mtu: 1500,
              up: true,
              mac: 'bb',
              master: 'br-5ca58c4adc0a',
              addresses: [],
              vni: null,
            },
            {
              name: 'docker0',
              kind: 'bridge',
              mtu: 1500,
              up: true,
              mac: 'cc',
              master: null,
              addresses: ['172.17.0.1/16'],
              vni: null,
            },
          ],
        },
      };
    case 'routes':
      return {
        ...base,
        fact: {
          fact: 'routes',
          routes: [
            {
              destination: '172.30.0.0/16',
              gateway: null,
              device: 'br-5ca58c4adc0a',
              protocol: 'kernel',
              scope: 'link',
              source: '172.30.0.1',
            },
            {
              destination: 'default',
              gateway: '192.168.70.1',
              device: 'eth0',
              protocol: null,
              scope: null,
              source: null,
            },
          ],
        },
      };
    case 'neighbours':
      return { ...base, fact: { fact: 'neighbours', neighbours: [neighbourEntry('10.0.2.4')] } };
    case 'fdb':
      return { ...base, fact: { fact: 'fdb', fdb: [fdbEntry('10.0.2.4', host2.underlay)] } };
    case 'nft': {
      const table = query.table ?? { family: 'ip', name: 'switchyard_lb' };
      const text =
        table.name === 'switchyard_lb'
          ? lbListing()
          : readFileSync(
              new URL(
                `./__fixtures__/${table.name === 'switchyard_ingress' ? 'ingress' : 'nat'}.nft`,
                import.meta.url,
              ),
              'utf8',
            );
      return {
        ...base,
        fact: { fact: 'nft', nft: { table, present: table.name !== 'switchyard_filter', text } },
      };
    }
    default:
      throw new Error(`a host view does not read ${query.fact}`);
  }
}

const answered = (queries: DiagnosticQuery[]) => new Map(queries.map((query) => [query.id, answer(query)]));

describe('host views', () => {
  it('shows an overlay network as its namespace: links, routes, neighbours and the VXLAN FDB', () => {
    const plan = planHostView(facts({ kind: 'network', network: appnet }));
    expect(
      plan.queries.map((query) => [
        query.kind === 'read' && query.fact,
        query.kind === 'read' && query.where,
      ]),
    ).toEqual([
      ['links', { scope: 'network', networkId: appnet.id }],
      ['routes', { scope: 'network', networkId: appnet.id }],
      ['neighbours', { scope: 'network', networkId: appnet.id }],
      ['fdb', { scope: 'network', networkId: appnet.id }],
    ]);
    const view = buildHostView(plan, answered(plan.queries));
    expect(view.sections).toHaveLength(1);
    expect(view.sections[0]).toMatchObject({
      title: 'Overlay namespace sydg-host1-ov-257 (appnet, vx-257)',
      netns: 'sydg-host1-ov-257',
      fdb: [{ mac: '02:42:0a:00:02:04', device: 'vx-257', destination: '192.168.70.12' }],
      errors: [],
    });
  });

  it('shows a bridge network as the host rows on its bridge and the nat rules that concern it', () => {
    const plan = planHostView(facts({ kind: 'network', network: front }));
    const view = buildHostView(plan, answered(plan.queries));
    const [section] = view.sections;
    expect(section?.title).toBe('Host namespace: bridge br-5ca58c4adc0a (front)');
    expect(section?.links?.map((link) => link.name)).toEqual(['br-5ca58c4adc0a', 'veth1234567']);
    expect(section?.routes?.map((route) => route.destination)).toEqual(['172.30.0.0/16']);
    const nat = section?.tables.find((table) => table.name === 'switchyard_nat');
    expect(nat?.blocks.find((block) => block.name === 'published')?.lines).toEqual([
      { text: 'tcp dport 8081 dnat to 172.30.0.2:80', relevant: true },
    ]);
    expect(section?.tables.find((table) => table.name === 'switchyard_filter')?.present).toBe(false);
  });

  it('shows a service as its VIP chain in each sandbox that balances it, and its published ports', () => {
    const plan = planHostView(facts({ kind: 'service', service: webService() }));
    const view = buildHostView(plan, answered(plan.queries));
    expect(view.subject).toEqual({ kind: 'service', name: 'web' });
    expect(view.sections.map((section) => section.title)).toEqual([
      "Sandbox of tool (sydg-host1-sb-tool): web's VIP",
      "Host namespace: web's published ports (routing mesh)",
      'Overlay namespace sydg-host1-ov-257 (appnet, vx-257)',
    ]);
    const lb = view.sections[0]?.tables[0];
    const relevant = lb?.blocks.flatMap((block) =>
      block.lines.filter((line) => line.relevant).map((line) => line.text),
    );
    expect(relevant).toEqual([
      '10.0.2.2 . tcp . 80 : goto svc-cmx1cejw9000',
      'dnat to numgen random mod 2 map { 0 : 10.0.2.3, 1 : 10.0.2.4 }',
    ]);
    const mesh = view.sections[1]?.tables[0];
    expect(mesh?.blocks.find((block) => block.name === 'pub-tcp-8080')?.lines[0]?.relevant).toBe(true);
  });

  it('says a network is not on the host rather than reading nothing', () => {
    const plan = planHostView({
      ...facts({ kind: 'network', network: appnet }),
      document: { networks: [], sandboxes: [], ingress: null },
    });
    expect(plan.queries).toEqual([]);
    expect(buildHostView(plan, new Map()).sections[0]?.errors).toEqual([
      'appnet is not on sydg-host1: no container or task there is on it',
    ]);
  });

  it('keeps the agent’s refusal in words', () => {
    const plan = planHostView(facts({ kind: 'network', network: appnet }));
    const answers = new Map(
      plan.queries.map((query): [string, DiagnosticAnswer] => [
        query.id,
        { id: query.id, ok: false, error: 'network net-app is not on this host' },
      ]),
    );
    expect(buildHostView(plan, answers).sections[0]?.errors).toEqual(['network net-app is not on this host']);
  });
});
