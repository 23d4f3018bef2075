import { parseArgs } from 'node:util';
import { ipv4Schema, nodeNameSchema } from '@switchyard/contracts';

export const defaultAgentStateDir = '/var/lib/switchyard/agent';

export const agentUsage = `Usage: switchyard agent --join <url> --token <token> [options]

Runs the host agent: joins the control plane at <url> and keeps this host's network as it says.

Options:
  --join <url>             the control plane, e.g. http://192.168.99.1:7080 (required)
  --token <token>          a join token from the control plane (required)
  --name <name>            node name (default: this host's name, lower-cased)
  --advertise-addr <ipv4>  address other hosts reach this one on (default: source of the default route)
  --state-dir <dir>        where the node credential is kept (default: ${defaultAgentStateDir})`;

/** What the command line said; defaults that need the host (name, address) are filled in later. */
export interface AgentArgs {
  help: boolean;
  joinUrl: string;
  token: string;
  name?: string;
  advertiseAddress?: string;
  stateDir: string;
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
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new AgentArgsError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { help: true, joinUrl: '', token: '', stateDir: defaultAgentStateDir };

  const join = values.join;
  if (join === undefined || join === '') throw new AgentArgsError('--join <url> is required');
  let url: URL;
  try {
    url = new URL(join);
  } catch {
    throw new AgentArgsError(`--join must be a URL such as http://192.168.99.1:7080, got "${join}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AgentArgsError(`--join must be an http or https URL, got "${join}"`);
  }
  const token = values.token;
  if (token === undefined || token.trim() === '') throw new AgentArgsError('--token <token> is required');

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

  return { help: false, joinUrl: join, token: token.trim(), name, advertiseAddress: address, stateDir };
}

/** Node names are DNS labels; a host name like `Web01.example.com` becomes `web01`. */
export function nodeNameFromHostname(hostname: string): string {
  return (hostname.toLowerCase().split('.')[0] ?? '')
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}
