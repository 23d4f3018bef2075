import type { Fact, FactKind, NftTableRef } from '@switchyard/contracts';
import { exec } from '../osl/exec.js';
import { nft } from '../osl/nft.js';
import { ipJson } from '../osl/ip.js';
import { readLinks } from '../osl/links.js';
import { listTable } from '../firewall/apply.js';
import {
  portFacts,
  sysctlFacts,
  type RawPort,
  fdbFacts,
  linkFacts,
  neighbourFacts,
  routeFacts,
  type RawFdbEntry,
  type RawNeighbour,
  type RawRoute,
} from './parse-facts.js';

async function bridgeJson<T>(args: readonly string[], netns: string | undefined): Promise<T[]> {
  const { stdout } = await exec('bridge', [...(netns === undefined ? [] : ['-n', netns]), '-j', ...args]);
  const text = stdout.trim();
  return text === '' ? [] : (JSON.parse(text) as T[]);
}

/**
 * The whole answer of a `diagnose` request travels in one socket.io message (1 MB at most): a host
 * whose ruleset is larger says so instead of cutting its agent's connection.
 */
const rulesetLimit = 128 * 1024;

/** Prints `path=value` for each readable file; the paths are checked sysctl names, passed as arguments. */
const printSysctls = 'for f do if [ -r "$f" ]; then printf "%s=" "$f"; cat "$f"; fi; done';

async function readSysctls(names: readonly string[], netns: string | undefined): Promise<string> {
  const paths = names.map((name) => `/proc/sys/${name.replaceAll('.', '/')}`);
  const args = ['-c', printSysctls, 'sh', ...paths];
  const { stdout } =
    netns === undefined
      ? await exec('sh', args)
      : await exec('nsenter', [`--net=/run/netns/${netns}`, 'sh', ...args]);
  return stdout;
}

/** Reads one kind of kernel state in `netns` (undefined: this process's namespace). */
export async function readFact(
  fact: FactKind,
  netns: string | undefined,
  table: NftTableRef | undefined,
  sysctls: readonly string[] = [],
): Promise<Fact> {
  switch (fact) {
    case 'links':
      return { fact, links: linkFacts(await readLinks(netns)) };
    case 'routes':
      return { fact, routes: routeFacts(await ipJson<RawRoute>(['-4', 'route', 'show'], netns)) };
    case 'neighbours':
      return { fact, neighbours: neighbourFacts(await ipJson<RawNeighbour>(['-4', 'neigh', 'show'], netns)) };
    case 'fdb':
      return { fact, fdb: fdbFacts(await bridgeJson<RawFdbEntry>(['fdb', 'show'], netns)) };
    case 'nft': {
      if (table === undefined) throw new Error('an nft read needs a table');
      const text = await listTable(table, netns);
      return { fact, nft: { table, present: text !== undefined, text: text ?? '' } };
    }
    case 'ruleset': {
      const { stdout } = await nft(['-j', 'list', 'ruleset'], undefined, netns);
      if (stdout.length > rulesetLimit) {
        throw new Error(
          `the nft ruleset is ${Math.round(stdout.length / 1024)} KiB, more than the ${rulesetLimit / 1024} KiB one answer may carry`,
        );
      }
      const parsed =
        stdout.trim() === '' ? {} : (JSON.parse(stdout) as { nftables?: Record<string, unknown>[] });
      return { fact, nftables: parsed.nftables ?? [] };
    }
    case 'sysctls':
      return { fact, sysctls: sysctlFacts(sysctls, await readSysctls(sysctls, netns)) };
    case 'ports':
      return { fact, ports: portFacts(await bridgeJson<RawPort>(['link', 'show'], netns)) };
  }
}
