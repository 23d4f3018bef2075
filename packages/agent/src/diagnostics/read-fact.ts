import type { Fact, FactKind, NftTableRef } from '@switchyard/contracts';
import { exec } from '../osl/exec.js';
import { ipJson } from '../osl/ip.js';
import { readLinks } from '../osl/links.js';
import { listTable } from '../firewall/apply.js';
import {
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

/** Reads one kind of kernel state in `netns` (undefined: this process's namespace). */
export async function readFact(
  fact: FactKind,
  netns: string | undefined,
  table: NftTableRef | undefined,
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
  }
}
