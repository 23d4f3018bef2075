import type { DesiredState } from '@switchyard/contracts';
import { renderFilter } from './render-filter.js';
import { renderNat } from './render-nat.js';
import { filterTable, natTable, type TableSpec } from './tables.js';

export interface RenderedTable {
  table: TableSpec;
  /** The whole table, or undefined when nothing needs it (it is then removed). */
  body: string | undefined;
}

/** Every table the agent owns, rendered from the desired document. */
export function renderFirewall(document: Pick<DesiredState, 'networks' | 'sandboxes'>): RenderedTable[] {
  return [
    { table: natTable, body: renderNat(document) },
    { table: filterTable, body: renderFilter(document) },
  ];
}
