import type { BatchFailures, BatchTool } from './batch.js';
import type { LinkState, RouteEntry } from './links.js';
import type { TableSpec } from '../firewall/tables.js';
import type { NftAccess } from '../firewall/verdict-sync.js';
import type { NetworkSpace } from './space.js';
import type { NamespaceRecord } from '../sandbox/record.js';

export interface SandboxObservation {
  links: LinkState[];
  defaultGateway: string | null;
  /** Its main table's routes; undefined when not read (a namespace made just now). */
  routes?: RouteEntry[];
}

/** What the kernel has now, as far as networks and sandboxes go. */
export interface DataplaneSnapshot {
  /** Links of the host namespace (the one the agent plumbs bridges into). */
  host: LinkState[];
  /** Every named namespace on the machine. */
  namespaces: ReadonlySet<string>;
  /** The desired sandbox namespaces that exist, by name. */
  sandboxes: ReadonlyMap<string, SandboxObservation>;
  /** The desired networks' own namespaces (overlay) that exist, by name. */
  spaces: ReadonlyMap<string, NetworkSpace>;
}

/**
 * The effectful edge the reconciler drives: reading the kernel and running planned lines. The real
 * one acts on the agent's own namespace (or a named "host" namespace in tests); unit tests fake it.
 */
export interface Dataplane extends NftAccess {
  read(
    sandboxNamespaces: readonly string[],
    networkNamespaces: readonly string[],
  ): Promise<DataplaneSnapshot>;
  /** Runs `ip` (or `bridge`) lines in the host namespace (undefined) or a named one; every line runs. */
  batch(netns: string | undefined, lines: readonly string[], tool?: BatchTool): Promise<BatchFailures>;
  /** Creates namespaces with their sandbox sysctls; failures by name. */
  addNamespaces(names: readonly string[]): Promise<Map<string, string>>;
  deleteNamespaces(names: readonly string[]): Promise<Map<string, string>>;
  /** Gives a namespace another name; refused when the new name is taken. */
  renameNamespace(from: string, to: string): Promise<void>;
  listTable(table: TableSpec): Promise<string | undefined>;
  /** Replaces a table atomically, or removes it (undefined). */
  applyTable(table: TableSpec, body: string | undefined): Promise<void>;
  readonly record: NamespaceRecord;
}
