import type { ProbeSpec } from '@switchyard/contracts';

/** How to run one probe: its argv (no shell), and when to stop it. */
export interface ProbeCommand {
  argv: string[];
  /** A capture is stopped (SIGINT, so tcpdump prints its counts) after its duration. */
  stopAfterMs: number | null;
  /** Past this the tool is killed, whatever it is doing. */
  killAfterMs: number;
}

/** The embedded DNS every sandbox on a user-defined network has. */
const embeddedDnsAddress = '127.0.0.11';

function captureFilter(spec: Extract<ProbeSpec, { tool: 'capture' }>): string[] {
  const terms = [
    ...(spec.protocol === undefined ? [] : [[spec.protocol]]),
    ...(spec.host === undefined ? [] : [['host', spec.host]]),
    ...(spec.port === undefined ? [] : [['port', String(spec.port)]]),
  ];
  return terms.flatMap((term, index) => (index === 0 ? term : ['and', ...term]));
}

function toolArgv(spec: ProbeSpec): { argv: string[]; stopAfterMs: number | null; killAfterMs: number } {
  switch (spec.tool) {
    case 'dns':
      return {
        argv: [
          'dig',
          `@${embeddedDnsAddress}`,
          '+time=2',
          '+tries=1',
          spec.name,
          spec.type,
          '+noall',
          '+answer',
          '+comments',
        ],
        stopAfterMs: null,
        killAfterMs: 5_000,
      };
    case 'ping':
      return {
        argv: [
          'ping',
          '-n',
          '-c',
          String(spec.count),
          '-i',
          '0.2',
          '-W',
          '1',
          ...(spec.dontFragment === true ? ['-M', 'do'] : []),
          ...(spec.size === undefined ? [] : ['-s', String(spec.size)]),
          spec.host,
        ],
        stopAfterMs: null,
        killAfterMs: 3_000 + spec.count * 1_000,
      };
    case 'tcp':
      return {
        argv: ['nc', '-vz', '-w', '3', spec.host, String(spec.port)],
        stopAfterMs: null,
        killAfterMs: 6_000,
      };
    case 'http':
      return {
        argv: [
          'curl',
          '-sS',
          '-i',
          '--connect-timeout',
          '3',
          '--max-time',
          '5',
          ...(spec.hostHeader === undefined ? [] : ['-H', `Host: ${spec.hostHeader}`]),
          `http://${spec.host}:${spec.port}${spec.path}`,
        ],
        stopAfterMs: null,
        killAfterMs: 8_000,
      };
    case 'capture':
      return {
        argv: ['tcpdump', '-i', 'any', '-nn', '-l', '-c', String(spec.maxPackets), ...captureFilter(spec)],
        stopAfterMs: spec.seconds * 1_000,
        killAfterMs: spec.seconds * 1_000 + 3_000,
      };
  }
}

/**
 * The probe's command inside `netns` (`ip netns exec`, which also puts the sandbox's own resolv.conf
 * in place, so names resolve as the container's would); null: this process's namespace.
 */
export function probeCommand(spec: ProbeSpec, netns: string | null): ProbeCommand {
  const tool = toolArgv(spec);
  return { ...tool, argv: netns === null ? tool.argv : ['ip', 'netns', 'exec', netns, ...tool.argv] };
}
