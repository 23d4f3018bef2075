import { describe, expect, it } from 'vitest';
import { toContainerCreateInput } from './container-translate.js';

// Trimmed from what docker 28.2 sends for `run -d --name w --network n --network n2 --network-alias a
// --ip 172.18.0.50 --hostname h --dns 1.2.3.4 --dns-search s -p 8080:80 -p 127.0.0.1:8081:80
// -p 53:53/udp -P --expose 90 --restart on-failure:3 -e K=V -e NOPE -l k=v switchyard/whoami a b`.
const cliBody = {
  Hostname: 'h',
  Domainname: '',
  User: '',
  AttachStdout: false,
  ExposedPorts: { '53/udp': {}, '80/tcp': {}, '90/tcp': {} },
  Tty: false,
  OpenStdin: false,
  Env: ['K=V', 'NOPE'],
  Cmd: ['a', 'b'],
  Image: 'switchyard/whoami',
  Volumes: {},
  WorkingDir: '',
  Entrypoint: null,
  Labels: { k: 'v' },
  HostConfig: {
    Binds: null,
    NetworkMode: 'n',
    PortBindings: {
      '53/udp': [{ HostIp: '', HostPort: '53' }],
      '80/tcp': [
        { HostIp: '', HostPort: '8080' },
        { HostIp: '127.0.0.1', HostPort: '8081' },
      ],
    },
    RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
    AutoRemove: false,
    Dns: ['1.2.3.4'],
    DnsOptions: [],
    DnsSearch: ['s'],
    ExtraHosts: null,
    Links: null,
    Privileged: false,
    PublishAllPorts: true,
  },
  NetworkingConfig: {
    EndpointsConfig: {
      n: { IPAMConfig: { IPv4Address: '172.18.0.50' }, Links: null, Aliases: ['a'], MacAddress: '' },
      n2: { IPAMConfig: null, Links: null, Aliases: null, MacAddress: '' },
    },
  },
};

describe('toContainerCreateInput', () => {
  it('translates every option of docker run', () => {
    expect(toContainerCreateInput(cliBody, 'w')).toEqual({
      name: 'w',
      image: 'switchyard/whoami',
      command: ['a', 'b'],
      env: { K: 'V' },
      entrypoint: null,
      user: null,
      workingDir: null,
      stopSignal: null,
      stopTimeout: null,
      hostname: 'h',
      networks: [
        { network: 'n', aliases: ['a'], ipv4Address: '172.18.0.50' },
        { network: 'n2', aliases: [] },
      ],
      ports: [
        { hostIp: null, hostPort: 53, containerPort: 53, protocol: 'udp' },
        { hostIp: null, hostPort: 8080, containerPort: 80, protocol: 'tcp' },
        { hostIp: '127.0.0.1', hostPort: 8081, containerPort: 80, protocol: 'tcp' },
      ],
      publishAll: true,
      expose: [
        { port: 53, protocol: 'udp' },
        { port: 80, protocol: 'tcp' },
        { port: 90, protocol: 'tcp' },
      ],
      dns: ['1.2.3.4'],
      dnsSearch: ['s'],
      restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
      autoRemove: false,
      labels: { k: 'v' },
    });
  });

  it('reads the minimal body of `docker create IMAGE` as the default bridge network', () => {
    const input = toContainerCreateInput(
      {
        Image: 'switchyard/toolbox',
        Env: null,
        Cmd: null,
        HostConfig: { NetworkMode: 'default', RestartPolicy: { Name: '' } },
      },
      null,
    );
    expect(input).toMatchObject({
      image: 'switchyard/toolbox',
      command: [],
      env: {},
      networks: [],
      ports: [],
    });
    expect(input.restartPolicy).toEqual({ name: 'no', maximumRetryCount: 0 });
    expect(input).not.toHaveProperty('name');
  });

  it('keeps host and none as network names, and any HostPort as "any free port"', () => {
    const input = toContainerCreateInput(
      {
        Image: 'switchyard/whoami',
        HostConfig: { NetworkMode: 'host', PortBindings: { '80': [{ HostIp: '', HostPort: '' }] } },
      },
      'h',
    );
    expect(input.networks).toEqual([{ network: 'host', aliases: [] }]);
    expect(input.ports).toEqual([{ hostIp: null, hostPort: null, containerPort: 80, protocol: 'tcp' }]);
  });

  it('reads --entrypoint, --user, --workdir and the stop settings', () => {
    const input = toContainerCreateInput(
      {
        Image: 'web:1',
        Entrypoint: ['/bin/sh'],
        User: '65534:65534',
        WorkingDir: '/www',
        StopSignal: 'SIGQUIT',
        StopTimeout: 3,
      },
      null,
    );
    expect(input).toMatchObject({
      entrypoint: ['/bin/sh'],
      user: '65534:65534',
      workingDir: '/www',
      stopSignal: 'SIGQUIT',
      stopTimeout: 3,
    });
    // `--entrypoint ''` clears the image's entrypoint.
    expect(toContainerCreateInput({ Image: 'web:1', Entrypoint: [''] }, null).entrypoint).toEqual([]);
  });

  it.each([
    [{ Image: '' }, /^invalid Image: is required/],
    [{ Image: 'i', Hostname: 'bad_host' }, /^invalid Hostname: must be a host name/],
    [{ Image: 'i', Env: ['=x'] }, /^invalid Env\[0\]: must be NAME=value/],
    [{ Image: 'i', Tty: true }, /^invalid Tty: a TTY/],
    [{ Image: 'i', WorkingDir: 'tmp' }, /^invalid WorkingDir: must be an absolute path/],
    [{ Image: 'i', StopSignal: 'kill me' }, /^invalid StopSignal: must be a signal/],
    [
      { Image: 'i', HostConfig: { Binds: ['/a:/b'] } },
      /^invalid HostConfig\.Binds: volumes are not supported/,
    ],
    [
      { Image: 'i', HostConfig: { Dns: ['dns.example'] } },
      /^invalid HostConfig\.Dns\[0\]: must be a dotted IPv4/,
    ],
    [
      { Image: 'i', HostConfig: { RestartPolicy: { Name: 'sometimes' } } },
      /^invalid HostConfig\.RestartPolicy\.Name/,
    ],
    [
      { Image: 'i', HostConfig: { NetworkMode: 'container:web' } },
      /^invalid HostConfig\.NetworkMode: --network container/,
    ],
    [
      { Image: 'i', HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '8000-8010' }] } } },
      /^invalid HostConfig\.PortBindings\["80\/tcp"\]\[0\]\.HostPort: "8000-8010" is not a single host port/,
    ],
    [
      { Image: 'i', HostConfig: { PortBindings: { '80/sctp': [{ HostPort: '80' }] } } },
      /^invalid HostConfig\.PortBindings\["80\/sctp"\]: must be port\/protocol/,
    ],
    [
      { Image: 'i', ExposedPorts: { '0/tcp': {} } },
      /^invalid ExposedPorts\["0\/tcp"\]: port must be 1-65535/,
    ],
    [
      { Image: 'i', NetworkingConfig: { EndpointsConfig: { n: { IPAMConfig: { IPv4Address: '1.2.3' } } } } },
      /^invalid NetworkingConfig\.EndpointsConfig\.n\.IPAMConfig\.IPv4Address/,
    ],
  ])('refuses bad input naming the field (%#)', (body, message) => {
    expect(() => toContainerCreateInput(body, null)).toThrow(message);
  });

  it('refuses a bad name as Docker words it', () => {
    expect(() => toContainerCreateInput({ Image: 'i' }, 'a b')).toThrow(
      'Invalid container name (a b), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed',
    );
  });
});
