import { describe, expect, it } from 'vitest';
import type { ContainerView } from '@switchyard/contracts';
import { statusText, toDockerContainer, toDockerContainerSummary } from './container-json.js';
import { humanDuration } from './human-duration.js';

const view: ContainerView = {
  id: '34c0f77c25b7693dec946c4fde50ea1fefff635e3343e17f95d440e18d51a9ce',
  name: 'w',
  image: 'switchyard/whoami',
  imageId: null,
  command: ['whoami', '--port', '80'],
  env: { K: 'V' },
  labels: { k: 'v' },
  hostname: 'h',
  createdAt: '2026-11-28T10:00:00.000Z',
  nodeId: 'n1',
  nodeName: 'host-1',
  netns: '/run/netns/sy-34c0f77c25b7',
  networkMode: 'x',
  desiredRunning: true,
  status: 'running',
  pid: 4242,
  exitCode: null,
  startedAt: '2026-11-28T10:00:01.000Z',
  finishedAt: null,
  restartCount: 1,
  restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
  error: null,
  ports: [
    { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
    { hostIp: '127.0.0.1', hostPort: 8081, containerPort: 80, protocol: 'tcp' },
  ],
  exposedPorts: [{ port: 90, protocol: 'tcp' }],
  dns: ['1.2.3.4'],
  dnsSearch: ['s'],
  networks: [
    {
      networkId: 'net-x',
      networkName: 'x',
      endpointId: 'ep-1',
      aliases: ['a'],
      ipv4Address: '172.30.1.50',
      prefixLength: 16,
      gateway: '172.30.0.1',
      mac: '02:42:ac:1e:01:32',
    },
  ],
};

describe('toDockerContainer', () => {
  const json = toDockerContainer(view);

  it("has Docker's State, Config and HostConfig", () => {
    expect(json).toMatchObject({
      Id: view.id,
      Name: '/w',
      Path: 'whoami',
      Args: ['--port', '80'],
      RestartCount: 1,
      State: {
        Status: 'running',
        Running: true,
        Paused: false,
        Restarting: false,
        OOMKilled: false,
        Dead: false,
        Pid: 4242,
        ExitCode: 0,
        Error: '',
        StartedAt: '2026-11-28T10:00:01.000Z',
        FinishedAt: '0001-01-01T00:00:00Z',
      },
      Config: {
        Hostname: 'h',
        Env: ['K=V'],
        Cmd: ['whoami', '--port', '80'],
        Image: 'switchyard/whoami',
        Labels: { k: 'v' },
        ExposedPorts: { '90/tcp': {}, '80/tcp': {} },
        Tty: false,
      },
      HostConfig: {
        NetworkMode: 'x',
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
        Dns: ['1.2.3.4'],
        DnsSearch: ['s'],
        PortBindings: {
          '80/tcp': [
            { HostIp: '0.0.0.0', HostPort: '8080' },
            { HostIp: '127.0.0.1', HostPort: '8081' },
          ],
        },
      },
    });
  });

  it('shows published ports, and exposed-only ones as null, under NetworkSettings.Ports', () => {
    expect(json.NetworkSettings.Ports).toEqual({
      '80/tcp': [
        { HostIp: '0.0.0.0', HostPort: '8080' },
        { HostIp: '127.0.0.1', HostPort: '8081' },
      ],
      '90/tcp': null,
    });
  });

  it('shows each endpoint under NetworkSettings.Networks by network name', () => {
    expect(json.NetworkSettings.SandboxKey).toBe('/run/netns/sy-34c0f77c25b7');
    expect(json.NetworkSettings.Networks).toEqual({
      x: expect.objectContaining({
        Aliases: ['a'],
        NetworkID: 'net-x',
        EndpointID: 'ep-1',
        Gateway: '172.30.0.1',
        IPAddress: '172.30.1.50',
        IPPrefixLen: 16,
        MacAddress: '02:42:ac:1e:01:32',
        DNSNames: ['w', 'a', '34c0f77c25b7', 'h'],
      }),
    });
  });
});

describe('toDockerContainerSummary', () => {
  it('is one row of docker ps', () => {
    const now = Date.parse('2026-11-28T10:05:01.000Z');
    expect(toDockerContainerSummary(view, now)).toMatchObject({
      Id: view.id,
      Names: ['/w'],
      Image: 'switchyard/whoami',
      Command: 'whoami --port 80',
      Created: Date.parse('2026-11-28T10:00:00.000Z') / 1000,
      State: 'running',
      Status: 'Up 5 minutes',
      Ports: [
        { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
        { IP: '127.0.0.1', PrivatePort: 80, PublicPort: 8081, Type: 'tcp' },
        { PrivatePort: 90, Type: 'tcp' },
      ],
      HostConfig: { NetworkMode: 'x' },
    });
  });
});

describe('statusText', () => {
  const at = (iso: string) => Date.parse(iso);
  it.each([
    [{ status: 'created', startedAt: null }, 'Created'],
    [{ status: 'exited', finishedAt: '2026-11-28T09:00:00.000Z', exitCode: 137 }, 'Exited (137) 2 hours ago'],
    [
      { status: 'restarting', finishedAt: '2026-11-28T10:59:58.000Z', exitCode: 1 },
      'Restarting (1) 2 seconds ago',
    ],
    [{ status: 'dead' }, 'Dead'],
    [{ status: 'running', startedAt: '2026-11-28T10:59:00.000Z' }, 'Up About a minute'],
  ] as const)('%o -> %s', (change, text) => {
    expect(statusText({ ...view, ...change }, at('2026-11-28T11:00:00.000Z'))).toBe(text);
  });
});

describe('humanDuration', () => {
  it.each([
    [500, 'Less than a second'],
    [1_000, '1 second'],
    [59_000, '59 seconds'],
    [60_000, 'About a minute'],
    [3_000_000, '50 minutes'],
    [3_600_000, 'About an hour'],
    [47 * 3_600_000, '47 hours'],
    [3 * 86_400_000, '3 days'],
    [20 * 86_400_000, '2 weeks'],
    [90 * 86_400_000, '3 months'],
    [800 * 86_400_000, '2 years'],
  ])('%d ms -> %s', (ms, text) => expect(humanDuration(ms)).toBe(text));
});
