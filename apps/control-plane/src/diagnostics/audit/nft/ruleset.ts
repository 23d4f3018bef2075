/**
 * `nft -j list ruleset` read into the parts a flow is judged against: base chains by hook, regular
 * chains to jump to, named sets and maps. Whatever is not understood stays as raw JSON, so the
 * matcher can say it cannot evaluate it instead of skipping it.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface NftRule {
  family: string;
  table: string;
  chain: string;
  handle: number;
  expr: Json[];
}

export interface NftChain {
  family: string;
  table: string;
  name: string;
  /** Set on base chains only. */
  hook: string | null;
  prio: number;
  policy: 'accept' | 'drop';
  /** The device of a netdev chain, when nft prints it. */
  device: string | null;
  rules: NftRule[];
}

export interface NftSet {
  family: string;
  table: string;
  name: string;
  /** Elements as JSON: values, prefixes, ranges, concatenations; a map's are `[key, value]` pairs. */
  elements: Json[];
  isMap: boolean;
}

export interface NftRuleset {
  chains: NftChain[];
  sets: NftSet[];
  tables: { family: string; name: string }[];
}

export const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: Json | undefined): string => (typeof value === 'string' ? value : '');

/** Where a chain, set or rule lives, as a lookup key. */
export const chainKey = (family: string, table: string, name: string) => `${family} ${table} ${name}`;

export function parseRuleset(json: Json): NftRuleset {
  const items = isObject(json) && Array.isArray(json['nftables']) ? json['nftables'] : [];
  const chains = new Map<string, NftChain>();
  const sets: NftSet[] = [];
  const tables: NftRuleset['tables'] = [];
  const rules: NftRule[] = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    const table = item['table'];
    const chain = item['chain'];
    const set = item['set'] ?? item['map'];
    const rule = item['rule'];
    if (isObject(table)) tables.push({ family: text(table['family']), name: text(table['name']) });
    if (isObject(chain)) {
      const entry: NftChain = {
        family: text(chain['family']),
        table: text(chain['table']),
        name: text(chain['name']),
        hook: typeof chain['hook'] === 'string' ? chain['hook'] : null,
        prio: typeof chain['prio'] === 'number' ? chain['prio'] : 0,
        policy: chain['policy'] === 'drop' ? 'drop' : 'accept',
        device: typeof chain['dev'] === 'string' ? chain['dev'] : null,
        rules: [],
      };
      chains.set(chainKey(entry.family, entry.table, entry.name), entry);
    }
    if (isObject(set)) {
      sets.push({
        family: text(set['family']),
        table: text(set['table']),
        name: text(set['name']),
        elements: Array.isArray(set['elem']) ? set['elem'] : [],
        isMap: item['map'] !== undefined,
      });
    }
    if (isObject(rule)) {
      rules.push({
        family: text(rule['family']),
        table: text(rule['table']),
        chain: text(rule['chain']),
        handle: typeof rule['handle'] === 'number' ? rule['handle'] : 0,
        expr: Array.isArray(rule['expr']) ? rule['expr'] : [],
      });
    }
  }
  // Rules come after their chains in nft's listing, in chain order.
  for (const rule of rules) chains.get(chainKey(rule.family, rule.table, rule.chain))?.rules.push(rule);
  return { chains: [...chains.values()], sets, tables };
}
