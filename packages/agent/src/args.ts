import { parseArgs } from 'node:util';
import { ipv4Schema, nodeNameSchema } from '@switchyard/contracts';
import { joinTokenFromEnvironment } from './config.js';
import { defaultContainerdAddress, defaultContainerdNamespace } from './osl/containerd.js';
import { defaultMetricsListen, parseMetricsListen } from './metrics/metrics-listen.js';
import type { MetricsListen } from './metrics/metrics-server.js';

export const defaultAgentStateDir = '/var/lib/switchyard/agent';

export const agentUsage = `Usage: switchyard agent --join <url> --token <token> [options]

Runs the host agent: joins the control plane at <url> and keeps this host's network as it says.

Options:
  --join <url>             the control plane, e.g. https://192.168.99.1:7080 (required)
  --token <token>          a join token from the control plane, SYJOIN-1-<CA digest>-<secret>
                           (required; or the environment variable SWITCHYARD_JOIN_TOKEN, which
                           keeps it out of the process list); it pins the cluster's CA
  --name <name>            node name (default: this host's name, lower-cased)
  --advertise-addr <ipv4>  address other hosts reach this one on (default: source of the default route)
  --state-dir <dir>        where the node's key and certificate are kept, in tls/
                           (default: ${defaultAgentStateDir})
  --dns-upstream <list>    resolvers the embedded DNS forwards unknown names to, comma-separated
                           ip[:port], or "none" (default: the nameservers in /etc/resolv.conf)
  --containerd <socket>    containerd's socket, for containers of OCI images
                           (default: ${defaultContainerdAddress} when it exists)
  --containerd-namespace <ns>
                           the containerd namespace this agent keeps its images and containers in
                           (default: ${defaultContainerdNamespace})
  --no-live-restore        stopping the agent stops its containers and the routing mesh's proxy
                           too (default: they keep running, and the next agent adopts them)
  --metrics-addr <ip:port> Prometheus metrics at GET /metrics, on a loopback address of this host
                           only, or "off" (default: ${defaultMetricsListen.host}:${defaultMetricsListen.port});
                           beyond the host, the control plane relays them at /metrics/nodes/<name>
  -h, --help               this help`;

/** What the command line said; defaults that need the host (name, address) are filled in later. */
export interface AgentArgs {
  help: boolean;
  joinUrl: string;
  token: string;
  name?: string;
  advertiseAddress?: string;
  stateDir: string;
  /** Undefined: the host's resolv.conf; empty: no upstream at all. */
  dnsUpstreams?: string[];
  /** containerd's socket; undefined: the default one, if it exists. */
  containerd?: string;
  containerdNamespace: string;
  /** False with --no-live-restore. */
  liveRestore: boolean;
  /** Undefined: no local metrics listener (`--metrics-addr off`). */
  metricsListen?: MetricsListen;
}

/** A mistake on the command line, naming the flag. */
export class AgentArgsError extends Error {}

export function parseAgentArgs(argv: string[]): AgentArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        join: { type: 'string' },
        token: { type: 'string' },
        name: { type: 'string' },
        'advertise-addr': { type: 'string' },
        'state-dir': { type: 'string' },
        'dns-upstream': { type: 'string' },
        containerd: { type: 'string' },
        'containerd-namespace': { type: 'string' },
        'no-live-restore': { type: 'boolean' },
        'metrics-addr': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new AgentArgsError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) {
    return {
      help: true,
      joinUrl: '',
      token: '',
      stateDir: defaultAgentStateDir,
      containerdNamespace: defaultContainerdNamespace,
      liveRestore: true,
    };
  }

  const join = values.join;
  if (join === undefined || join === '') throw new AgentArgsError('--join <url> is required');
  let url: URL;
  try {
    url = new URL(join);
  } catch {
    throw new AgentArgsError(`--join must be a URL such as https://192.168.99.1:7080, got "${join}"`);
  }
  if (url.protocol !== 'https:') {
    throw new AgentArgsError(`--join must be an https URL (the agent channel is TLS only), got "${join}"`);
  }
  const token = values.token ?? joinTokenFromEnvironment();
  if (token === undefined || token.trim() === '') {
    throw new AgentArgsError('--token <token> (or SWITCHYARD_JOIN_TOKEN) is required');
  }

  const name = values.name;
  if (name !== undefined) {
    const parsed = nodeNameSchema.safeParse(name);
    if (!parsed.success)
      throw new AgentArgsError(`--name ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  }
  const address = values['advertise-addr'];
  if (address !== undefined && !ipv4Schema.safeParse(address).success) {
    throw new AgentArgsError(
      `--advertise-addr must be a dotted IPv4 address such as 192.168.99.11, got "${address}"`,
    );
  }
  const stateDir = values['state-dir'] ?? defaultAgentStateDir;
  if (stateDir === '') throw new AgentArgsError('--state-dir must not be empty');

  const dnsUpstreams = parseDnsUpstreams(values['dns-upstream']);
  const containerd = values.containerd;
  if (containerd !== undefined && !containerd.startsWith('/')) {
    throw new AgentArgsError(`--containerd must be an absolute socket path, got "${containerd}"`);
  }
  const containerdNamespace = values['containerd-namespace'] ?? defaultContainerdNamespace;
  // containerd's namespace names: a letter or digit, then letters, digits, `.`, `_`, `-`.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,75}$/.test(containerdNamespace)) {
    throw new AgentArgsError(
      `--containerd-namespace must be letters, digits, ".", "_" or "-", got "${containerdNamespace}"`,
    );
  }
  const metricsListen = parseMetricsListen(
    values['metrics-addr'] ?? `${defaultMetricsListen.host}:${defaultMetricsListen.port}`,
  );
  if (typeof metricsListen === 'string') throw new AgentArgsError(metricsListen);
  return {
    help: false,
    metricsListen,
    joinUrl: join,
    token: token.trim(),
    name,
    advertiseAddress: address,
    stateDir,
    dnsUpstreams,
    containerd,
    containerdNamespace,
    liveRestore: values['no-live-restore'] !== true,
  };
}

function parseDnsUpstreams(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === 'none') return [];
  const upstreams = value.split(',').map((part) => part.trim());
  for (const upstream of upstreams) {
    const [address = '', port, ...rest] = upstream.split(':');
    const portOk =
      port === undefined || (/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65_535);
    if (!ipv4Schema.safeParse(address).success || !portOk || rest.length > 0) {
      throw new AgentArgsError(
        `--dns-upstream must be "none" or ip[:port] list such as 10.0.0.53,10.0.0.54:5353, got "${upstream}"`,
      );
    }
  }
  return upstreams;
}

/** Node names are DNS labels; a host name like `Web01.example.com` becomes `web01`. */
export function nodeNameFromHostname(hostname: string): string {
  return (hostname.toLowerCase().split('.')[0] ?? '')
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}
