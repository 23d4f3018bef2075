import type { NftScript } from '../osl/nft.js';
import { deleteTableScript, replaceTableScript, tableKey, type TableSpec } from './tables.js';
import {
  mapElementsOf,
  planVerdictBatch,
  renderVerdictTable,
  type MappedChain,
  type VerdictTable,
} from './verdict-map.js';

/** Reading and writing nft tables in the host namespace (undefined) or a named one. */
export interface NftAccess {
  /** One chain of a table as listed, or undefined when the table or chain does not exist. */
  listChainIn(netns: string | undefined, table: TableSpec, chain: string): Promise<string | undefined>;
  /** A verdict map's elements as `key : goto chain`, or undefined when the table or map does not exist. */
  listMapIn(netns: string | undefined, table: TableSpec, map: string): Promise<string[] | undefined>;
  /** Runs `nft -f` scripts, each atomic, all or nothing on its own; returns each one's error. */
  nftScripts(scripts: readonly NftScript[]): Promise<(string | undefined)[]>;
}

interface Applied {
  skeleton: string;
  chains: ReadonlyMap<string, MappedChain>;
  /** The probe chain as the kernel listed it right after the agent last replaced the table. */
  listing: string | undefined;
}

/** One table to keep at `spec` (undefined: no table) in a namespace. */
export interface VerdictSync {
  netns: string | undefined;
  table: TableSpec;
  /** The table's dispatch chain, read back to tell whether the table is as the agent left it. */
  probe: string;
  spec: VerdictTable | undefined;
  /** false: trust the kernel to hold what was last applied (a push between resyncs). */
  verify: boolean;
}

/** Whether a table had drifted from what the agent applied (and was put right), or why it failed. */
export type VerdictOutcome = { drifted: boolean } | { error: string };

interface Planned {
  item: VerdictSync;
  id: string;
  last: Applied | undefined;
  /** Undefined: nothing to run. */
  script: string | undefined;
  intact: boolean;
  listing: string | undefined;
}

/**
 * Keeps verdict-map tables (one per namespace) at their desired content. While the kernel still
 * lists the table's dispatch chain (`probe`) as the agent left it, a change is one incremental batch;
 * a table removed or flushed behind the agent's back (or never applied) is replaced whole, in one
 * batch too. Only that chain is read back each pass: listing a table of 1,000 services costs
 * hundreds of milliseconds, listing one chain a few. The scripts of many tables run together.
 */
export class VerdictTables {
  private readonly applied = new Map<string, Applied>();

  constructor(private readonly nft: NftAccess) {}

  /** One table; throws when it cannot be applied. */
  async sync(
    netns: string | undefined,
    table: TableSpec,
    probe: string,
    spec: VerdictTable | undefined,
    verify = true,
  ): Promise<boolean> {
    const [outcome] = await this.syncAll([{ netns, table, probe, spec, verify }]);
    if (outcome !== undefined && 'error' in outcome) throw new Error(outcome.error);
    return outcome?.drifted ?? false;
  }

  /** Many tables, their scripts run in one batch; an outcome per table, in order. */
  async syncAll(items: readonly VerdictSync[]): Promise<VerdictOutcome[]> {
    const planned = await Promise.all(items.map((item) => this.plan(item)));
    const scripts = planned.flatMap(({ item, script }) =>
      script === undefined ? [] : [{ netns: item.netns, script }],
    );
    const errors = scripts.length === 0 ? [] : await this.nft.nftScripts(scripts);
    let next = 0;
    const results = planned.map((plan) => (plan.script === undefined ? undefined : errors[next++]));
    return Promise.all(planned.map((plan, index) => this.settle(plan, results[index])));
  }

  private async plan(item: VerdictSync): Promise<Planned> {
    const { netns, table, probe, spec, verify } = item;
    const id = `${netns ?? ''}|${tableKey(table)}`;
    const last = this.applied.get(id);
    const none = { item, id, last, intact: false, listing: undefined };
    if (spec === undefined) {
      return { ...none, script: last === undefined ? undefined : deleteTableScript(table) };
    }
    // Nothing applied yet: the table is replaced whole, whatever the kernel holds.
    if (last === undefined) return { ...none, script: replaceTableScript(table, renderVerdictTable(spec)) };
    const listing = verify ? await this.nft.listChainIn(netns, table, probe) : last.listing;
    // The dispatch chain does not list the map's elements: a verify reads them too, so an element
    // deleted by hand (a VIP or a published port gone) is found like a flushed table.
    const intact =
      listing !== undefined &&
      listing === last.listing &&
      (!verify || (await this.elementsIntact(netns, table, spec.map, last.chains)));
    const script =
      intact && last.skeleton === spec.skeleton
        ? planVerdictBatch(last.chains, spec)
        : replaceTableScript(table, renderVerdictTable(spec));
    return { item, id, last, script, intact, listing };
  }

  private async settle(plan: Planned, error: string | undefined): Promise<VerdictOutcome> {
    const { item, id, last, intact, listing } = plan;
    if (plan.script === undefined) return { drifted: false };
    if (error !== undefined) {
      this.applied.delete(id);
      return { error };
    }
    if (item.spec === undefined) {
      this.applied.delete(id);
      return { drifted: false };
    }
    const after = intact ? listing : await this.nft.listChainIn(item.netns, item.table, item.probe);
    this.applied.set(id, { skeleton: item.spec.skeleton, chains: item.spec.chains, listing: after });
    return { drifted: last !== undefined && !intact };
  }

  private async elementsIntact(
    netns: string | undefined,
    table: TableSpec,
    map: string,
    chains: ReadonlyMap<string, MappedChain>,
  ): Promise<boolean> {
    const found = await this.nft.listMapIn(netns, table, map);
    const wanted = mapElementsOf(chains);
    return (
      found !== undefined && found.length === wanted.length && wanted.every((entry) => found.includes(entry))
    );
  }

  /** Forgets tables of namespaces that are gone (their tables went with them). */
  retain(namespaces: ReadonlySet<string | undefined>): void {
    for (const id of [...this.applied.keys()]) {
      const netns = id.slice(0, id.indexOf('|'));
      if (!namespaces.has(netns === '' ? undefined : netns)) this.applied.delete(id);
    }
  }
}
