import { describe, expect, it } from 'vitest';
import { AgentArgsError, defaultAgentStateDir, nodeNameFromHostname, parseAgentArgs } from './args.js';

describe('parseAgentArgs', () => {
  it('reads every option', () => {
    const args = parseAgentArgs([
      '--join',
      'https://192.168.99.1:7080',
      '--token',
      'abc',
      '--name',
      'sy-host1',
      '--advertise-addr',
      '192.168.99.11',
      '--state-dir',
      '/tmp/x',
      '--containerd',
      '/run/sy/containerd.sock',
      '--containerd-namespace',
      'switchyard-sy-host1',
      '--no-live-restore',
      '--metrics-addr',
      '127.0.0.1:9400',
    ]);
    expect(args).toEqual({
      help: false,
      joinUrl: 'https://192.168.99.1:7080',
      token: 'abc',
      name: 'sy-host1',
      advertiseAddress: '192.168.99.11',
      stateDir: '/tmp/x',
      containerd: '/run/sy/containerd.sock',
      containerdNamespace: 'switchyard-sy-host1',
      liveRestore: false,
      metricsListen: { host: '127.0.0.1', port: 9400 },
    });
  });

  it('defaults the state dir and leaves host-dependent defaults unset', () => {
    const args = parseAgentArgs(['--join=https://cp.example:443', '--token=t']);
    expect(args.stateDir).toBe(defaultAgentStateDir);
    expect(args.name).toBeUndefined();
    expect(args.advertiseAddress).toBeUndefined();
    expect(args.containerd).toBeUndefined();
    expect(args.containerdNamespace).toBe('switchyard');
    // Workloads outlive the agent unless told otherwise, as with dockerd's live-restore.
    expect(args.liveRestore).toBe(true);
    expect(args.metricsListen).toEqual({ host: '127.0.0.1', port: 9323 });
    expect(
      parseAgentArgs(['--join=https://x', '--token=t', '--metrics-addr=off']).metricsListen,
    ).toBeUndefined();
  });

  it.each([
    [['--join', 'https://x', '--token', 't', '--containerd', 'sock'], /--containerd must be an absolute/],
    [
      ['--join', 'https://x', '--token', 't', '--metrics-addr', '0.0.0.0:9323'],
      /--metrics-addr must be a loopback/,
    ],
    [
      ['--join', 'https://x', '--token', 't', '--containerd-namespace', 'a/b'],
      /--containerd-namespace must be/,
    ],
    [[], /--join <url> is required/],
    [['--join', 'nope', '--token', 't'], /--join must be a URL/],
    [['--join', 'ftp://x', '--token', 't'], /--join must be an https URL/],
    [
      ['--join', 'http://192.168.99.1:7080', '--token', 't'],
      /--join must be an https URL \(the agent channel is TLS only\)/,
    ],
    [['--join', 'https://x:1'], /--token <token> \(or SWITCHYARD_JOIN_TOKEN\) is required/],
    [['--join', 'https://x:1', '--token', 't', '--name', 'Bad_Name'], /^--name must be lower-case/],
    [['--join', 'https://x:1', '--token', 't', '--advertise-addr', '300.1.1.1'], /--advertise-addr must be/],
    [['--join', 'https://x:1', '--token', 't', '--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseAgentArgs(argv)).toThrow(AgentArgsError);
    expect(() => parseAgentArgs(argv)).toThrow(message);
  });

  it('takes the token from SWITCHYARD_JOIN_TOKEN, which keeps it out of the process list', () => {
    process.env.SWITCHYARD_JOIN_TOKEN = 'syjoin-from-env';
    try {
      expect(parseAgentArgs(['--join', 'https://x:1']).token).toBe('syjoin-from-env');
    } finally {
      delete process.env.SWITCHYARD_JOIN_TOKEN;
    }
  });

  it('answers --help without requiring the rest', () => {
    expect(parseAgentArgs(['--help']).help).toBe(true);
  });
});

describe('nodeNameFromHostname', () => {
  it('makes a DNS label of a host name', () => {
    expect(nodeNameFromHostname('Web01.example.com')).toBe('web01');
    expect(nodeNameFromHostname('my_host')).toBe('my-host');
  });
});
