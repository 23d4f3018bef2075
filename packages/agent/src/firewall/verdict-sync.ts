import type { NftScript } from '../osl/nft.js';
import { parseTableListing, type ListedChain } from './table-listing.js';
import { deleteTableScript, replaceTableScript, tableKey, type TableSpec } from './tables.js';
import { verdictDrift, type VerdictFinding } from './verdict-drift.js';
import { planVerdictBatch, renderVerdictTable, type MappedChain, type VerdictTable } from './verdict-map.js';

/** Reading and writing nft tables in the host namespace (undefined) or a named one. */
export interface NftAccess {
  /** `nft -j list table` of one table, or undefined when the table does not exist. */
  listTableJsonIn(netns: string | undefined, table: TableSpec): Promise<string | undefined>;
  /** Runs `nft -f` scripts, each atomic, all or nothing on its own; returns each one's error. */
  nftScripts(scripts: readonly NftScript[]): Promise<(string | undefined)[]>;
}

interface Applied {
  skeleton: string;
  chains: ReadonlyMap<string, MappedChain>;
  /** Each chain as the kernel listed it since the agent wrote it (see AppliedVerdictTable). */
  listed: Map<string, ListedChain>;
}

/** The chains a rendered skeleton declares (firewall/chain.ts), with their rules, hook lines left out. */
export function skeletonChains(skeleton: string): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  for (const match of skeleton.matchAll(/^\tchain (\S+) \{\n((?:\t\t.*\n)*)\t\}$/gm)) {
    const lines = (match[2] ?? '').split('\n').flatMap((line) => (line === '' ? [] : [line.trim()]));
    const rules = lines.filter((line) => !line.startsWith('type ')).map((line) => line.replace(/;$/, ''));
    chains.set(match[1] ?? '', rules);
  }
  return chains;
}

/** One table to keep at `spec` (undefined: no table) in a namespace. */
export interface VerdictSync {
  netns: string | undefined;
  table: TableSpec;
  spec: VerdictTable | undefined;
  /** false: trust the kernel to hold what was last applied (a push between resyncs). */
  verify: boolean;
}

/**
 * How a table had drifted from what the agent applied, in words, now put right (empty: it had
 * not), or why it failed.
 */
export type VerdictOutcome = { findings: VerdictFinding[] } | { error: string };

interface Planned {
  item: VerdictSync;
  id: string;
  last: Applied | undefined;
  /** Undefined: nothing to run. */
  script: string | undefined;
  /** The whole table is replaced. */
  replace: boolean;
  findings: VerdictFinding[];
  /** Owned by the plan: a push updates the table's own in place rather than copy it per change. */
  listed: Map<string, ListedChain>;
}

/**
 * Keeps verdict-map tables (one per namespace) at their desired content. A push changes a table
 * with one incremental batch, trusting the kernel to hold what was applied; a verify (the resync)
 * reads the whole table back with one `nft -j list table` and compares every chain's rules and
 * every map element with what was applied (firewall/verdict-drift.ts), so a rule deleted inside a
 * service's chain is found as surely as a flushed table. A table that drifted (or was never
 * applied) is replaced whole, in one batch too. The scripts of many tables run together.
 */
export class VerdictTables {
  private readonly applied = new Map<string, Applied>();

  constructor(private readonly nft: NftAccess) {}

  /** One table; throws when it cannot be applied. Returns what drifted (empty: nothing). */
  async sync(
    netns: string | undefined,
    table: TableSpec,
    spec: VerdictTable | undefined,
    verify = true,
    found?: (findings: readonly VerdictFinding[]) => void,
  ): Promise<VerdictFinding[]> {
    const [outcome] = await this.syncAll([{ netns, table, spec, verify }], (all) => found?.(all[0] ?? []));
    if (outcome !== undefined && 'error' in outcome) throw new Error(outcome.error);
    return outcome?.findings ?? [];
  }

  /**
   * Many tables, their scripts run in one batch; an outcome per table, in order. `found` is told
   * what each table was read back to differ by (in order) before anything is put back.
   */
  async syncAll(
    items: readonly VerdictSync[],
    found?: (findings: readonly (readonly VerdictFinding[])[]) => void,
  ): Promise<VerdictOutcome[]> {
    const planned = await Promise.all(items.map((item) => this.plan(item)));
    if (planned.some((plan) => plan.findings.length > 0)) found?.(planned.map((plan) => plan.findings));
    const scripts = planned.flatMap(({ item, script }) =>
      script === undefined ? [] : [{ netns: item.netns, script }],
    );
    const errors = scripts.length === 0 ? [] : await this.nft.nftScripts(scripts);
    let next = 0;
    const results = planned.map((plan) => (plan.script === undefined ? undefined : errors[next++]));
    return planned.map((plan, index) => this.settle(plan, results[index]));
  }

  private async plan(item: VerdictSync): Promise<Planned> {
    const { netns, table, spec, verify } = item;
    const id = `${netns ?? ''}|${tableKey(table)}`;
    const last = this.applied.get(id);
    const none = { item, id, last, replace: false, findings: [], listed: new Map() };
    if (spec === undefined) {
      return { ...none, script: last === undefined ? undefined : deleteTableScript(table) };
    }
    // Rendered only when needed: a whole table of 10,000 services is most of a push's cost.
    const whole = () => ({
      ...none,
      replace: true,
      script: replaceTableScript(table, renderVerdictTable(spec)),
    });
    // Nothing applied yet: the table is replaced whole, whatever the kernel holds.
    if (last === undefined) return whole();
    let { listed } = last;
    let findings: VerdictFinding[] = [];
    if (verify) {
      const json = await this.nft.listTableJsonIn(netns, table);
      const drift = verdictDrift(
        {
          name: tableKey(table),
          map: spec.map,
          rejectSet: spec.rejectSet,
          hookChains: skeletonChains(last.skeleton),
          chains: last.chains,
          listed,
        },
        json === undefined ? undefined : parseTableListing(json),
      );
      ({ findings, listed } = drift);
    }
    if (findings.length > 0 || last.skeleton !== spec.skeleton) return { ...whole(), last, findings };
    return { ...none, last, listed, script: planVerdictBatch(last.chains, spec) };
  }

  private settle(plan: Planned, error: string | undefined): VerdictOutcome {
    const { item, id, last, findings } = plan;
    if (plan.script === undefined) {
      if (last !== undefined) this.applied.set(id, { ...last, listed: plan.listed });
      return { findings: [] };
    }
    if (error !== undefined) {
      this.applied.delete(id);
      return { error };
    }
    if (item.spec === undefined) {
      this.applied.delete(id);
      return { findings: [] };
    }
    const { chains, skeleton } = item.spec;
    // A chain written now is known again only once a verify reads it right: reading the table
    // back here would cost a push as much as a resync.
    const listed = plan.replace ? new Map<string, ListedChain>() : plan.listed;
    for (const [name, next] of plan.replace ? [] : chains) {
      const before = last?.chains.get(name);
      if (before === undefined || before.rules.join('\n') !== next.rules.join('\n')) listed.delete(name);
    }
    for (const name of last?.chains.keys() ?? []) if (!chains.has(name)) listed.delete(name);
    this.applied.set(id, { skeleton, chains, listed });
    return { findings };
  }

  /** Forgets tables of namespaces that are gone (their tables went with them). */
  retain(namespaces: ReadonlySet<string | undefined>): void {
    for (const id of [...this.applied.keys()]) {
      const netns = id.slice(0, id.indexOf('|'));
      if (!namespaces.has(netns === '' ? undefined : netns)) this.applied.delete(id);
    }
  }
}
