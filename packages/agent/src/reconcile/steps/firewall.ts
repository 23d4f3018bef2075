import type { DesiredState } from '@switchyard/contracts';
import { renderFirewall } from '../../firewall/render.js';
import { tableKey } from '../../firewall/tables.js';
import type { Dataplane } from '../../osl/dataplane.js';
import { describe, type Settle } from '../conditions.js';

/** The firewall's nftables tables (filter, NAT), each replaced atomically when it changed. */
export class FirewallStep {
  /** Each table as last applied and as the kernel then listed it. */
  private readonly tables = new Map<string, { body: string; listing: string | undefined }>();

  constructor(private readonly dataplane: Dataplane) {}

  /**
   * Applies each table whose body or kernel listing changed. `readBack` false: a table whose body
   * is as last applied is taken to be as the kernel last listed it, without listing it again.
   */
  async run(
    document: DesiredState,
    wasReady: ReadonlySet<string>,
    settle: Settle,
    readBack = true,
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
        if (!current) {
          await dataplane.applyTable(table, body);
          this.tables.set(key, { body, listing: await dataplane.listTable(table) });
        }
        const found =
          listing === undefined
            ? `table ${key} was missing`
            : `table ${key} listed differently from what was applied`;
        settle(object, !current && last?.body === body && wasReady.has(object), undefined, found);
      } catch (error) {
        this.tables.delete(key);
        settle(object, false, describe(error));
      }
    }
  }
}
