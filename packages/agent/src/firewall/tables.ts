/** One nftables table the agent owns; each concern renders and replaces its own table. */
export interface TableSpec {
  family: 'ip' | 'inet';
  name: string;
}

export const natTable: TableSpec = { family: 'ip', name: 'switchyard_nat' };
export const filterTable: TableSpec = { family: 'inet', name: 'switchyard_filter' };
export const allTables: readonly TableSpec[] = [natTable, filterTable];

export function tableKey(table: TableSpec): string {
  return `${table.family} ${table.name}`;
}

/**
 * One `nft -f` batch that replaces the table atomically: declaring it first makes the delete valid
 * when it does not exist yet, and a failing batch leaves the old table in place.
 */
export function replaceTableScript(table: TableSpec, body: string): string {
  const key = tableKey(table);
  return `table ${key} {}\ndelete table ${key}\n${body}`;
}

export function deleteTableScript(table: TableSpec): string {
  const key = tableKey(table);
  return `table ${key} {}\ndelete table ${key}\n`;
}
