import type { DesiredState } from '@switchyard/contracts';
import { renderFirewall } from '../../firewall/render.js';
import { tableKey } from '../../firewall/tables.js';
import { describeTableDrift } from '../../firewall/table-drift.js';
import type { Dataplane } from '../../osl/dataplane.js';
import { describe, type BeforeRepair, type Settle } from '../conditions.js';

/** The firewall's nftables tables (filter, NAT), each replaced atomically when it changed. */
export class FirewallStep {
  /** Each table as last applied and as the kernel then listed it. */
  private readonly tables = new Map<string, { body: string; listing: string | undefined }>();

  constructor(private readonly dataplane: Dataplane) {}

  /**
   * Applies each table whose body or kernel listing changed. `readBack` false: a table whose body
   * is as last applied is taken to be as the kernel last listed it, without listing it again.
   * `beforeRepair`: told of a ready table listed differently before it is replaced (a resync).
   */
  async run(
    document: DesiredState,
    wasReady: ReadonlySet<string>,
    settle: Settle,
    readBack = true,
    beforeRepair?: BeforeRepair,
  ): Promise<void> {
    const { dataplane } = this;
    for (const { table, body } of renderFirewall(document)) {
      const key = tableKey(table);
      const object = `firewall/${table.name}`;
      const last = this.tables.get(key);
      if (!readBack && (body === undefined ? last === undefined : last?.body === body)) {
        if (body !== undefined) settle(object, false, undefined);
        continue;
      }
      try {
        const listing = await dataplane.listTable(table);
        if (body === undefined) {
          this.tables.delete(key);
          if (listing !== undefined) await dataplane.applyTable(table, undefined);
          continue;
        }
        const current = last !== undefined && last.body === body && last.listing === listing;
        const drifted = !current && last?.body === body && wasReady.has(object);
        const found = !drifted
          ? undefined
          : listing === undefined || last.listing === undefined
            ? `table ${key} was missing`
            : describeTableDrift(key, last.listing, listing);
        if (found !== undefined) beforeRepair?.([{ object, found }]);
        if (!current) {
          await dataplane.applyTable(table, body);
          this.tables.set(key, { body, listing: await dataplane.listTable(table) });
        }
        settle(object, drifted, undefined, found, `replaced table ${key} with what was applied, atomically`);
      } catch (error) {
        this.tables.delete(key);
        settle(object, false, describe(error));
      }
    }
  }
}
