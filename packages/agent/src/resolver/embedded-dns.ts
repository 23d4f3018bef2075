import type { DesiredSandbox } from '@switchyard/contracts';

/**
 * The embedded DNS server at 127.0.0.11 inside every sandbox whose `dns.embedded` is set. `sync`
 * gets every sandbox this node must have (after their namespaces exist, before they are deleted):
 * it opens the listener in new ones, updates records and upstreams, writes
 * /etc/netns/<netns>/resolv.conf, and closes what belongs to sandboxes no longer listed.
 */
export interface EmbeddedDns {
  /**
   * Starts opening the listeners of sandboxes whose namespaces were just made, so the helper
   * processes run while their endpoints are being set up; the next `sync` takes them over.
   */
  prepare(sandboxes: readonly DesiredSandbox[]): void;
  /**
   * Starts opening a listener in a spare namespace, made ahead of any sandbox, at a low priority;
   * `adoptSpare` gives it to the sandbox the namespace becomes.
   */
  prepareSpare(netns: string): void;
  /** The spare namespace `spare` is now the sandbox's (renamed to its netns): so is its listener. */
  adoptSpare(spare: string, sandbox: DesiredSandbox): void;
  /** Closes the listener of a spare namespace that goes unused. */
  dropSpare(spare: string): void;
  sync(sandboxes: readonly DesiredSandbox[]): Promise<void>;
  close(): Promise<void>;
}
