/** One `nft -j` element: a key (a value or a concatenation), with a verdict in a verdict map. */
type JsonValue = string | number | { concat: (string | number)[] };
type JsonVerdict = { goto?: { target: string }; jump?: { target: string } };
type JsonElement = JsonValue | [JsonValue, JsonVerdict];

interface JsonObject {
  chain?: { name: string; type?: string; hook?: string; prio?: unknown; policy?: string };
  rule?: { chain: string; expr?: unknown[] };
  map?: { name: string; elem?: [JsonValue, JsonVerdict][] };
  set?: { name: string; elem?: JsonElement[] };
}

/** A chain as the kernel lists it: its hook line and each rule, as comparable text (handles left out). */
export interface ListedChain {
  head: string;
  rules: string[];
}

/** A table from one `nft -j list table`: its chains, and its maps' and sets' elements as the agent writes them. */
export interface TableListing {
  chains: Map<string, ListedChain>;
  /** `key : goto chain` per element, by map name; set elements are the key alone. */
  elements: Map<string, string[]>;
}

function keyText(key: JsonValue): string {
  return typeof key === 'object' ? key.concat.join(' . ') : String(key);
}

function verdictText(verdict: JsonVerdict): string {
  const how = verdict.goto !== undefined ? 'goto' : 'jump';
  return `${how} ${verdict.goto?.target ?? verdict.jump?.target ?? ''}`;
}

/**
 * Reads a whole table from `nft -j list table` in one go, so a check of every chain costs one nft
 * call whatever the number of services. Rules compare by their JSON expressions, which a flush and
 * refill with the same rules leaves equal (only handles change).
 */
export function parseTableListing(json: string): TableListing {
  const listing = JSON.parse(json) as { nftables?: JsonObject[] };
  const chains = new Map<string, ListedChain>();
  const elements = new Map<string, string[]>();
  const chainOf = (name: string) => {
    const known = chains.get(name) ?? { head: '', rules: [] };
    chains.set(name, known);
    return known;
  };
  for (const entry of listing.nftables ?? []) {
    if (entry.chain !== undefined) {
      const { name, type, hook, prio, policy } = entry.chain;
      chainOf(name).head = hook === undefined ? '' : JSON.stringify([type, hook, prio, policy]);
    } else if (entry.rule !== undefined) {
      chainOf(entry.rule.chain).rules.push(JSON.stringify(entry.rule.expr ?? []));
    } else if (entry.map !== undefined) {
      const items = entry.map.elem ?? [];
      elements.set(
        entry.map.name,
        items.map(([key, verdict]) => `${keyText(key)} : ${verdictText(verdict)}`),
      );
    } else if (entry.set !== undefined) {
      const items = entry.set.elem ?? [];
      elements.set(
        entry.set.name,
        items.map((item) => keyText(Array.isArray(item) ? item[0] : item)),
      );
    }
  }
  return { chains, elements };
}
