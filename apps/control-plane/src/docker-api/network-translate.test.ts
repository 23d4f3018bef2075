import { describe, expect, it } from 'vitest';
import type { NetworkView } from '@switchyard/contracts';
import { toConnectRequest, toDockerNetwork, toNetworkCreateInput } from './network-translate.js';

// The body docker 28.2 sends for `network create --subnet 10.9.0.0/24 --subnet 172.30.0.0/16
// --ip-range 172.30.1.0/24 --gateway 172.30.0.1 --aux-address a=172.30.0.5 -o ... --label k=v
// --internal --attachable x` (captured from the real CLI).
const cliBody = {
  Driver: 'bridge',
  Scope: '',
  IPAM: {
    Driver: 'default',
    Options: {},
    Config: [
      { Subnet: '10.9.0.0/24' },
      {
        Subnet: '172.30.0.0/16',
        IPRange: '172.30.1.0/24',
        Gateway: '172.30.0.1',
        AuxiliaryAddresses: { a: '172.30.0.5' },
      },
    ],
  },
  Internal: true,
  Attachable: true,
  Ingress: false,
  ConfigOnly: false,
  ConfigFrom: null,
  Options: { 'com.docker.network.bridge.name': 'br9' },
  Labels: { k: 'v' },
  Name: 'x',
};

describe('toNetworkCreateInput', () => {
  it('translates every option the CLI sends', () => {
    expect(toNetworkCreateInput(cliBody)).toEqual({
      name: 'x',
      driver: 'bridge',
      ipam: [
        { subnet: '10.9.0.0/24', ipRange: undefined, gateway: undefined, auxAddresses: {} },
        {
          subnet: '172.30.0.0/16',
          ipRange: '172.30.1.0/24',
          gateway: '172.30.0.1',
          auxAddresses: { a: '172.30.0.5' },
        },
      ],
      internal: true,
      attachable: true,
      ingress: false,
      options: { 'com.docker.network.bridge.name': 'br9' },
      labels: { k: 'v' },
      configOnly: false,
    });
  });

  it('passes --ingress on, for the routing mesh network', () => {
    expect(toNetworkCreateInput({ Name: 'ingress', Driver: 'overlay', Ingress: true })).toMatchObject({
      name: 'ingress',
      ingress: true,
    });
  });

  it('reads Go nulls and empty strings as not given', () => {
    expect(
      toNetworkCreateInput({
        Name: 'y',
        Driver: '',
        IPAM: null,
        Options: null,
        Labels: null,
        EnableIPv6: false,
      }),
    ).toEqual({
      name: 'y',
      driver: 'bridge',
      ipam: [],
      internal: false,
      attachable: false,
      ingress: false,
      options: {},
      labels: {},
      configOnly: false,
    });
  });

  it('translates overlay and macvlan settings: scope, config-only and config-from', () => {
    const overlay = toNetworkCreateInput({
      ...cliBody,
      Driver: 'overlay',
      Scope: 'swarm',
      IPAM: null,
      Options: { encrypted: '', 'com.docker.network.driver.overlay.vxlanid_list': '4097' },
    });
    expect(overlay).toMatchObject({
      driver: 'overlay',
      scope: 'swarm',
      attachable: true,
      internal: true,
      options: { encrypted: '', 'com.docker.network.driver.overlay.vxlanid_list': '4097' },
    });
    expect(
      toNetworkCreateInput({ Name: 'cfg', ConfigOnly: true, Options: { parent: 'eth0.10' } }),
    ).toMatchObject({
      configOnly: true,
      options: { parent: 'eth0.10' },
    });
    expect(
      toNetworkCreateInput({ Name: 'mv', Driver: 'macvlan', Scope: 'swarm', ConfigFrom: { Network: 'cfg' } }),
    ).toMatchObject({ driver: 'macvlan', scope: 'swarm', configOnly: false, configFrom: 'cfg' });
  });

  it.each([
    [
      { ...cliBody, IPAM: { Config: [{ Subnet: 'foo' }] } },
      /^invalid IPAM\.Config\[0\]\.Subnet: must be an IPv4 subnet/,
    ],
    [
      { ...cliBody, IPAM: { Config: [{ Subnet: '10.0.0.0/8', Gateway: '10.0.0' }] } },
      /^invalid IPAM\.Config\[0\]\.Gateway/,
    ],
    [
      { ...cliBody, IPAM: { Config: [{ Subnet: '10.0.0.0/8', AuxiliaryAddresses: { r: 'x' } }] } },
      /AuxiliaryAddresses\.r/,
    ],
    [{ ...cliBody, IPAM: { Driver: 'infoblox' } }, /^invalid IPAM\.Driver: only the "default" IPAM driver/],
    [{ ...cliBody, Name: '-bad' }, /^invalid Name: must start with a letter or digit/],
    [{ ...cliBody, EnableIPv6: true }, /^invalid EnableIPv6: IPv6 is not supported/],
    [{ ...cliBody, Scope: 'global' }, /^invalid Scope: must be local or swarm/],
  ])('refuses bad input naming the field (%#)', (body, message) => {
    expect(() => toNetworkCreateInput(body)).toThrow(message);
  });
});

const view: NetworkView = {
  id: 'c47fb401384bb55729edda622cbe9841be778f2458f2b9c78154086d81668002',
  name: 'x',
  driver: 'bridge',
  scope: 'local',
  nodeId: 'n1',
  nodeName: 'host-1',
  ipam: [
    {
      subnet: '172.30.0.0/16',
      ipRange: '172.30.1.0/24',
      gateway: '172.30.0.1',
      auxAddresses: { r: '172.30.0.9' },
    },
    { subnet: '10.9.0.0/24', gateway: '10.9.0.1', auxAddresses: {} },
  ] as NetworkView['ipam'],
  internal: true,
  attachable: false,
  ingress: false,
  predefined: false,
  options: { 'com.docker.network.bridge.name': 'br9' },
  labels: { k: 'v' },
  vni: null,
  configOnly: false,
  configFrom: null,
  peers: [],
  createdAt: '2026-11-28T10:00:00.000Z',
  containers: [
    {
      containerId: 'abc',
      containerName: 'w',
      endpointId: 'e1',
      nodeName: 'host-1',
      mac: '02:42:ac:1e:01:32',
      ipv4Address: '172.30.1.50/16',
      aliases: ['a'],
    },
  ],
  realisation: [],
};

describe('toDockerNetwork', () => {
  it("has Docker's fields, omitting empty IPRange and AuxiliaryAddresses as Docker does", () => {
    expect(toDockerNetwork(view)).toEqual({
      Name: 'x',
      Id: view.id,
      Created: '2026-11-28T10:00:00.000Z',
      Scope: 'local',
      Driver: 'bridge',
      EnableIPv4: true,
      EnableIPv6: false,
      IPAM: {
        Driver: 'default',
        Options: {},
        Config: [
          {
            Subnet: '172.30.0.0/16',
            IPRange: '172.30.1.0/24',
            Gateway: '172.30.0.1',
            AuxiliaryAddresses: { r: '172.30.0.9' },
          },
          { Subnet: '10.9.0.0/24', Gateway: '10.9.0.1' },
        ],
      },
      Internal: true,
      Attachable: false,
      Ingress: false,
      ConfigFrom: { Network: '' },
      ConfigOnly: false,
      Containers: {
        abc: {
          Name: 'w',
          EndpointID: 'e1',
          MacAddress: '02:42:ac:1e:01:32',
          IPv4Address: '172.30.1.50/16',
          IPv6Address: '',
        },
      },
      Options: { 'com.docker.network.bridge.name': 'br9' },
      Labels: { k: 'v' },
    });
  });

  it('shows an overlay with scope swarm, its VNI among the options, Peers, and Services when verbose', () => {
    const overlay: NetworkView = {
      ...view,
      driver: 'overlay',
      scope: 'swarm',
      nodeId: null,
      nodeName: null,
      options: {},
      vni: 4097,
      peers: [
        { nodeId: 'n1', nodeName: 'host-1', address: '192.168.99.11' },
        { nodeId: 'n3', nodeName: 'host-3', address: '192.168.99.13' },
      ],
    };
    const shown = toDockerNetwork(overlay, true);
    expect(shown).toMatchObject({
      Scope: 'swarm',
      Driver: 'overlay',
      Options: { 'com.docker.network.driver.overlay.vxlanid_list': '4097' },
      Peers: [
        { Name: 'host-1', IP: '192.168.99.11' },
        { Name: 'host-3', IP: '192.168.99.13' },
      ],
      Services: {},
    });
    expect(Object.keys(shown.Containers)).toEqual(['abc']);
    expect(toDockerNetwork(overlay)).not.toHaveProperty('Services');
    expect(toDockerNetwork(view)).not.toHaveProperty('Peers');
    expect(toDockerNetwork({ ...view, configOnly: true, configFrom: null })).toMatchObject({
      ConfigOnly: true,
    });
    expect(toDockerNetwork({ ...view, configFrom: 'cfg' })).toMatchObject({ ConfigFrom: { Network: 'cfg' } });
  });
});

describe('toConnectRequest', () => {
  it('takes --alias and --ip, and leaves out what was not given', () => {
    expect(
      toConnectRequest({
        Container: 'w',
        EndpointConfig: { IPAMConfig: { IPv4Address: '172.30.1.9' }, Aliases: ['z'], MacAddress: '' },
      }),
    ).toEqual({ container: 'w', options: { aliases: ['z'], ipv4Address: '172.30.1.9' } });
    expect(toConnectRequest({ Container: 'w', EndpointConfig: { IPAMConfig: null, Aliases: null } })).toEqual(
      {
        container: 'w',
        options: {},
      },
    );
  });

  it('names a bad address', () => {
    expect(() =>
      toConnectRequest({ Container: 'w', EndpointConfig: { IPAMConfig: { IPv4Address: 'x' } } }),
    ).toThrow(/^invalid EndpointConfig\.IPAMConfig\.IPv4Address/);
  });
});
