import { CommandError } from '../osl/exec.js';
import { nft } from '../osl/nft.js';
import { parseMapElements } from './map-elements.js';
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

/** One chain of the table as the kernel lists it, or undefined when it does not exist. */
export async function listChain(
  table: TableSpec,
  chain: string,
  netns?: string,
): Promise<string | undefined> {
  try {
    return (await nft(['list', 'chain', ...tableKey(table).split(' '), chain], undefined, netns)).stdout;
  } catch (error) {
    if (error instanceof CommandError && /No such file or directory/.test(error.stderr)) return undefined;
    throw error;
  }
}

/** A verdict map's elements (`key : goto chain`), or undefined when the table or map does not exist. */
export async function listMapElements(
  table: TableSpec,
  map: string,
  netns?: string,
): Promise<string[] | undefined> {
  try {
    const { stdout } = await nft(['-j', 'list', 'map', ...tableKey(table).split(' '), map], undefined, netns);
    return parseMapElements(stdout);
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
