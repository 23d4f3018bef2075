import { parseArgs } from 'node:util';
import { defaultDataDir } from '../config.js';

export const labUsage = `Usage: switchyard lab <up|down|status> [options]

A multi-host lab on this machine: an underlay bridge, N host namespaces each running a real agent,
and one veth joining the root namespace to the underlay.

  lab up      [--hosts N] [--prefix sy] [--subnet 192.168.99.0/24] [--data-dir <dir>] [--join <url>] [--token <t>]
  lab down    [--prefix sy] [--data-dir <dir>]
  lab status  [--json] [--prefix sy] [--data-dir <dir>]

--join and --token default to the control plane running for the data dir (its control-plane.json).
The data dir defaults to $SWITCHYARD_DATA_DIR or <repo>/data.`;

export const labDefaults = { prefix: 'sy', hosts: 3, subnet: '192.168.99.0/24' };

export type LabArgs =
  | { action: 'help' }
  | {
      action: 'up';
      prefix: string;
      hosts: number;
      subnet: string;
      dataDir: string;
      joinUrl?: string;
      token?: string;
    }
  | { action: 'down'; prefix: string; dataDir: string }
  | { action: 'status'; prefix: string; dataDir: string; json: boolean };

export class LabArgsError extends Error {}

const allOptions = {
  prefix: { type: 'string' },
  'data-dir': { type: 'string' },
  hosts: { type: 'string' },
  subnet: { type: 'string' },
  join: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
type OptionName = keyof typeof allOptions;

const allowed: Record<'up' | 'down' | 'status', OptionName[]> = {
  up: ['prefix', 'data-dir', 'hosts', 'subnet', 'join', 'token', 'help'],
  down: ['prefix', 'data-dir', 'help'],
  status: ['prefix', 'data-dir', 'json', 'help'],
};

function parseHosts(value: string | undefined): number {
  if (value === undefined) return labDefaults.hosts;
  if (!/^\d+$/.test(value)) throw new LabArgsError(`--hosts must be a whole number, got "${value}"`);
  return Number(value);
}

export function parseLabArgs(argv: string[]): LabArgs {
  const [action, ...rest] = argv;
  if (action === undefined || action === 'help' || action === '--help' || action === '-h')
    return { action: 'help' };
  if (action !== 'up' && action !== 'down' && action !== 'status') {
    throw new LabArgsError(`unknown lab action "${action}": use up, down or status`);
  }
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: allOptions, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new LabArgsError(error instanceof Error ? error.message : String(error));
  }
  const extra = (Object.keys(values) as OptionName[]).find((name) => !allowed[action].includes(name));
  if (extra !== undefined) throw new LabArgsError(`--${extra} does not apply to \`lab ${action}\``);
  if (values.help === true) return { action: 'help' };

  const prefix = values.prefix ?? labDefaults.prefix;
  const dataDir = values['data-dir'] ?? defaultDataDir();
  if (action === 'down') return { action, prefix, dataDir };
  if (action === 'status') return { action, prefix, dataDir, json: values.json === true };

  if (values.join !== undefined && !URL.canParse(values.join)) {
    throw new LabArgsError(`--join must be a URL such as https://192.168.99.1:7080, got "${values.join}"`);
  }
  if (values.token !== undefined && values.token.trim() === '')
    throw new LabArgsError('--token must not be empty');
  return {
    action,
    prefix,
    hosts: parseHosts(values.hosts),
    subnet: values.subnet ?? labDefaults.subnet,
    dataDir,
    joinUrl: values.join,
    token: values.token,
  };
}
