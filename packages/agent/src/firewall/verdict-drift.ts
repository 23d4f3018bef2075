import type { ListedChain, TableListing } from './table-listing.js';
import { mapElementsOf, rejectedKeys, type MappedChain } from './verdict-map.js';

/** A verdict table as the agent last applied it, and its chains as the kernel listed them since. */
export interface AppliedVerdictTable {
  /** e.g. `ip switchyard_lb`, for the words of a finding. */
  name: string;
  map: string;
  rejectSet?: string;
  /** The chains that do not change with the objects (the hooks): their rules by name. */
  hookChains: ReadonlyMap<string, readonly string[]>;
  chains: ReadonlyMap<string, MappedChain>;
  /**
   * Each chain as the kernel listed it the first time it was read right after the agent wrote it; a
   * chain written since is missing here, and only its rule count is checked until it is read again.
   */
  listed: ReadonlyMap<string, ListedChain>;
}

/** One difference from what was applied and what putting it back restores, in words. */
export interface VerdictFinding {
  /** `chain svc-abc had 0 of 1 rule` */
  found: string;
  /** `restored \`dnat to 10.0.0.5\` in chain svc-abc` */
  restored: string;
}

export interface VerdictDrift {
  /** What differs from what was applied; empty: intact. */
  findings: VerdictFinding[];
  /** `listed` brought up to date: chains read right for the first time since they were written. */
  listed: Map<string, ListedChain>;
}

function sameListed(a: ListedChain, b: ListedChain): boolean {
  return (
    a.head === b.head && a.rules.length === b.rules.length && a.rules.every((rule, i) => rule === b.rules[i])
  );
}

function rulesWord(count: number): string {
  return count === 1 ? 'rule' : 'rules';
}

/** How a chain read back differs from the same chain read earlier, or undefined when it does not. */
function chainChange(name: string, was: ListedChain, now: ListedChain): string | undefined {
  if (sameListed(was, now)) return undefined;
  if (now.rules.length !== was.rules.length) {
    return `chain ${name} had ${now.rules.length} of ${was.rules.length} ${rulesWord(was.rules.length)}`;
  }
  if (now.head !== was.head) return `chain ${name} had its hook or policy changed`;
  const index = now.rules.findIndex((rule, i) => rule !== was.rules[i]);
  return `chain ${name} had rule ${index + 1} changed`;
}

/** `lacked 10.0.2.2 . tcp . 80 : goto svc-abc` or `lacked 3 elements (…)`. */
function elementWords(verb: string, items: readonly string[]): string {
  const [first] = items;
  return items.length === 1
    ? `${verb} ${first ?? ''}`
    : `${verb} ${items.length} elements (${first ?? ''}, …)`;
}

function elementFindings(
  what: string,
  wanted: readonly string[],
  found: readonly string[] | undefined,
): VerdictFinding[] {
  if (found === undefined) {
    return [{ found: `${what} was missing`, restored: `restored ${what} with ${wanted.length} elements` }];
  }
  const have = new Set(found);
  const want = new Set(wanted);
  const missing = wanted.filter((item) => !have.has(item));
  const extra = found.filter((item) => !want.has(item));
  return [
    ...(missing.length === 0
      ? []
      : [
          {
            found: `${what} ${elementWords('lacked', missing)}`,
            restored: `restored ${quoted(missing)} in ${what}`,
          },
        ]),
    ...(extra.length === 0
      ? []
      : [
          {
            found: `${what} ${elementWords('held', extra)} the agent never added`,
            restored: `removed ${quoted(extra)} from ${what}`,
          },
        ]),
  ];
}

/**
 * Compares a verdict table read back from the kernel with what the agent applied: every chain's
 * rule count (a rule deleted or a chain flushed by hand while its map element stayed), every rule
 * of a chain read before (a rule edited in place), the hook chains, and the map's and reject set's
 * elements. Pure, and linear in the table's size.
 */
export function verdictDrift(applied: AppliedVerdictTable, listing: TableListing | undefined): VerdictDrift {
  const listed = new Map(applied.listed);
  if (listing === undefined) {
    const restored = `restored the whole table (${applied.hookChains.size + applied.chains.size} chains)`;
    return { findings: [{ found: `table ${applied.name} was missing`, restored }], listed };
  }
  const findings: VerdictFinding[] = [];
  const rulesOf = (name: string, rules: readonly string[]) => ({
    restored: rules.length === 0 ? `emptied chain ${name}` : `restored ${quoted(rules)} in chain ${name}`,
  });
  for (const [name, rules] of applied.hookChains) {
    const now = listing.chains.get(name);
    const was = applied.listed.get(name);
    if (now === undefined) findings.push({ found: `chain ${name} was missing`, ...rulesOf(name, rules) });
    else if (was === undefined) listed.set(name, now);
    else {
      const change = chainChange(name, was, now);
      if (change !== undefined) findings.push({ found: change, ...rulesOf(name, rules) });
    }
  }
  for (const [name, chain] of applied.chains) {
    const now = listing.chains.get(name);
    if (now === undefined) {
      findings.push({ found: `chain ${name} was missing`, ...rulesOf(name, chain.rules) });
      continue;
    }
    const wanted = chain.rules.length;
    if (now.rules.length !== wanted) {
      const found = `chain ${name} had ${now.rules.length} of ${wanted} ${rulesWord(wanted)}`;
      findings.push({ found, ...rulesOf(name, chain.rules) });
      continue;
    }
    const was = applied.listed.get(name);
    const change = was === undefined ? undefined : chainChange(name, was, now);
    if (change !== undefined) findings.push({ found: change, ...rulesOf(name, chain.rules) });
    else listed.set(name, now);
  }
  findings.push(
    ...elementFindings(
      `map ${applied.map}`,
      mapElementsOf(applied.chains),
      listing.elements.get(applied.map),
    ),
  );
  if (applied.rejectSet !== undefined) {
    findings.push(
      ...elementFindings(
        `set ${applied.rejectSet}`,
        rejectedKeys(applied.chains, applied.rejectSet),
        listing.elements.get(applied.rejectSet),
      ),
    );
  }
  return { findings, listed };
}

/** Items in backquotes, the first few in full: `` `a`, `b` and 3 more ``. */
export function quoted(items: readonly string[], shown = 2): string {
  const head = items
    .slice(0, shown)
    .map((item) => `\`${item}\``)
    .join(', ');
  return items.length > shown ? `${head} and ${items.length - shown} more` : head;
}

/** What was found, in one line for an event, the first few in full. */
export function describeFindings(findings: readonly VerdictFinding[], shown = 4): string {
  return joinFirst(
    findings.map((finding) => finding.found),
    shown,
  );
}

/** What putting the findings right did, in one line: `restored \`…\` in chain svc-abc`. */
export function describeRestored(findings: readonly VerdictFinding[], shown = 4): string {
  return joinFirst(
    findings.map((finding) => finding.restored),
    shown,
  );
}

function joinFirst(items: readonly string[], shown: number): string {
  const head = items.slice(0, shown).join('; ');
  return items.length > shown ? `${head}; and ${items.length - shown} more` : head;
}
