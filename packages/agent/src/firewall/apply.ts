import { CommandError } from '../osl/exec.js';
import { nft } from '../osl/nft.js';
import { deleteTableScript, replaceTableScript, tableKey, type TableSpec } from './tables.js';

/** The table as the kernel lists it, or undefined when it does not exist. */
export async function listTable(table: TableSpec, netns?: string): Promise<string | undefined> {
  try {
    return (await nft(['list', 'table', ...tableKey(table).split(' ')], undefined, netns)).stdout;
  } catch (error) {
    if (error instanceof CommandError && /No such file or directory/.test(error.stderr)) return undefined;
    throw error;
  }
}

/** `nft -j list table`: the whole table as JSON, or undefined when it does not exist. */
export async function listTableJson(table: TableSpec, netns?: string): Promise<string | undefined> {
  try {
    return (await nft(['-j', 'list', 'table', ...tableKey(table).split(' ')], undefined, netns)).stdout;
  } catch (error) {
    if (error instanceof CommandError && /No such file or directory/.test(error.stderr)) return undefined;
    throw error;
  }
}

/** Replaces the table in one atomic batch, or removes it when `body` is undefined. */
export async function applyTable(table: TableSpec, body: string | undefined, netns?: string): Promise<void> {
  const script = body === undefined ? deleteTableScript(table) : replaceTableScript(table, body);
  await nft(['-f', '-'], script, netns);
}
