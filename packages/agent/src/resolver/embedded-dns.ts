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
  sync(sandboxes: readonly DesiredSandbox[]): Promise<void>;
  close(): Promise<void>;
}
