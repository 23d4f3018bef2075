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
  /** Runs one `nft -f` script: atomic, all or nothing. */
  nftScript(netns: string | undefined, script: string): Promise<void>;
}

interface Applied {
  skeleton: string;
  chains: ReadonlyMap<string, MappedChain>;
  /** The probe chain as the kernel listed it right after the agent last replaced the table. */
  listing: string | undefined;
}

/**
 * Keeps verdict-map tables (one per namespace) at their desired content. While the kernel still
 * lists the table's dispatch chain (`probe`) as the agent left it, a change is one incremental batch;
 * a table removed or flushed behind the agent's back (or never applied) is replaced whole, in one
 * batch too. Only that chain is read back each pass: listing a table of 1,000 services costs
 * hundreds of milliseconds, listing one chain a few.
 */
export class VerdictTables {
  private readonly applied = new Map<string, Applied>();

  constructor(private readonly nft: NftAccess) {}

  /**
   * Returns whether the table had drifted from what the agent applied (and was put right). With
   * `verify` false the kernel is trusted to hold what was last applied (a push between resyncs,
   * which read it back), so an unchanged table costs nothing and a change is one batch.
   */
  async sync(
    netns: string | undefined,
    table: TableSpec,
    probe: string,
    spec: VerdictTable | undefined,
    verify = true,
  ): Promise<boolean> {
    const id = `${netns ?? ''}|${tableKey(table)}`;
    const last = this.applied.get(id);
    if (spec === undefined) {
      if (last === undefined) return false;
      this.applied.delete(id);
      await this.nft.nftScript(netns, deleteTableScript(table));
      return false;
    }
    const listing =
      verify || last === undefined ? await this.nft.listChainIn(netns, table, probe) : last.listing;
    // The dispatch chain does not list the map's elements: a verify reads them too, so an element
    // deleted by hand (a VIP or a published port gone) is found like a flushed table.
    const intact =
      last !== undefined &&
      listing !== undefined &&
      listing === last.listing &&
      (!verify || (await this.elementsIntact(netns, table, spec.map, last.chains)));
    const script =
      intact && last.skeleton === spec.skeleton
        ? planVerdictBatch(last.chains, spec)
        : replaceTableScript(table, renderVerdictTable(spec));
    if (script === undefined) return false;
    try {
      await this.nft.nftScript(netns, script);
    } catch (error) {
      this.applied.delete(id);
      throw error;
    }
    const after = intact ? listing : await this.nft.listChainIn(netns, table, probe);
    this.applied.set(id, { skeleton: spec.skeleton, chains: spec.chains, listing: after });
    return last !== undefined && !intact;
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
