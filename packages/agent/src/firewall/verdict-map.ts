import { chain } from './chain.js';
import { tableKey, type TableSpec } from './tables.js';

/** One chain reached through the table's verdict map: its map keys and its rules. */
export interface MappedChain {
  keys: readonly string[];
  rules: readonly string[];
  /** Its keys are also in the table's reject set: a nat chain cannot reject, a filter chain can. */
  rejected?: boolean;
}

/**
 * A table in kube-proxy's nftables shape: fixed hook chains (`skeleton`) dispatch through one verdict
 * map `map` to a chain per object (a service, a published port), so one object's change touches only
 * its own chain and map elements.
 */
export interface VerdictTable {
  table: TableSpec;
  map: string;
  mapType: string;
  /** A set of the same key type holding the keys of `rejected` chains; the skeleton rejects it. */
  rejectSet?: string;
  /** Hook chains and anything else that does not change with the objects, rendered. */
  skeleton: string;
  chains: ReadonlyMap<string, MappedChain>;
}

function sortedNames(chains: ReadonlyMap<string, MappedChain>): string[] {
  return [...chains.keys()].sort();
}

function elements(chains: ReadonlyMap<string, MappedChain>, names: readonly string[]): string[] {
  return names.flatMap((name) => (chains.get(name)?.keys ?? []).map((key) => `${key} : goto ${name}`));
}

/** The verdict map's elements the chains make, as `nft` lists them back (`key : goto chain`). */
export function mapElementsOf(chains: ReadonlyMap<string, MappedChain>): string[] {
  return elements(chains, sortedNames(chains));
}

/** The whole table as one `nft -f` body: map, skeleton, chains, then the map's elements. */
export function renderVerdictTable(spec: VerdictTable): string {
  const key = tableKey(spec.table);
  const names = sortedNames(spec.chains);
  const chains = names.map((name) => chain(name, undefined, spec.chains.get(name)?.rules ?? []));
  const map = `\tmap ${spec.map} {\n\t\ttype ${spec.mapType}\n\t}\n`;
  const set =
    spec.rejectSet === undefined
      ? []
      : [`\tset ${spec.rejectSet} {\n\t\ttype ${spec.mapType.split(' : ')[0] ?? ''}\n\t}\n`];
  const body = `table ${key} {\n${[map, ...set, spec.skeleton, ...chains].join('\n')}}\n`;
  const entries = elements(spec.chains, names);
  const rejected = rejectedKeys(spec.chains, spec.rejectSet);
  return [
    body,
    ...(entries.length === 0 ? [] : [`add element ${key} ${spec.map} { ${entries.join(', ')} }\n`]),
    ...(rejected.length === 0 ? [] : [`add element ${key} ${spec.rejectSet} { ${rejected.join(', ')} }\n`]),
  ].join('');
}

export function rejectedKeys(
  chains: ReadonlyMap<string, MappedChain>,
  rejectSet: string | undefined,
): string[] {
  if (rejectSet === undefined) return [];
  return sortedNames(chains).flatMap((name) => {
    const entry = chains.get(name);
    return entry?.rejected === true ? entry.keys : [];
  });
}

function sameChain(a: MappedChain, b: MappedChain): boolean {
  return a.rules.join('\n') === b.rules.join('\n') && a.rejected === b.rejected;
}

/**
 * One atomic `nft -f` batch taking the table from `before` to `after` (same skeleton): map elements
 * that go are deleted first, changed chains are flushed and refilled, new elements are added, and
 * chains nothing points at any more are deleted last. Undefined when nothing changed.
 */
export function planVerdictBatch(
  before: ReadonlyMap<string, MappedChain>,
  after: VerdictTable,
): string | undefined {
  const key = tableKey(after.table);
  const map = `${key} ${after.map}`;
  const removedKeys: string[] = [];
  const addedElements: string[] = [];
  const rewrite: string[] = [];
  for (const name of sortedNames(before)) {
    const next = after.chains.get(name);
    const keep = new Set(next?.keys ?? []);
    removedKeys.push(...(before.get(name)?.keys ?? []).filter((entry) => !keep.has(entry)));
  }
  for (const name of sortedNames(after.chains)) {
    const next = after.chains.get(name);
    if (next === undefined) continue;
    const last = before.get(name);
    const had = new Set(last?.keys ?? []);
    addedElements.push(
      ...next.keys.filter((entry) => !had.has(entry)).map((entry) => `${entry} : goto ${name}`),
    );
    if (last !== undefined && sameChain(last, next)) continue;
    rewrite.push(
      `add chain ${key} ${name}`,
      `flush chain ${key} ${name}`,
      ...next.rules.map((rule) => `add rule ${key} ${name} ${rule}`),
    );
  }
  const gone = sortedNames(before).filter((name) => !after.chains.has(name));
  const set = `${key} ${after.rejectSet}`;
  const rejectedBefore = rejectedKeys(before, after.rejectSet);
  const rejectedAfter = rejectedKeys(after.chains, after.rejectSet);
  const unrejected = rejectedBefore.filter((entry) => !rejectedAfter.includes(entry));
  const newlyRejected = rejectedAfter.filter((entry) => !rejectedBefore.includes(entry));
  const lines = [
    ...(unrejected.length === 0 ? [] : [`delete element ${set} { ${unrejected.join(', ')} }`]),
    ...(removedKeys.length === 0 ? [] : [`delete element ${map} { ${removedKeys.join(', ')} }`]),
    ...rewrite,
    ...(addedElements.length === 0 ? [] : [`add element ${map} { ${addedElements.join(', ')} }`]),
    ...(newlyRejected.length === 0 ? [] : [`add element ${set} { ${newlyRejected.join(', ')} }`]),
    ...gone.map((name) => `delete chain ${key} ${name}`),
  ];
  return lines.length === 0 ? undefined : `${lines.join('\n')}\n`;
}
