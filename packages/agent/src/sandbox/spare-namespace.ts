import type { DesiredSandbox } from '@switchyard/contracts';
import type { Dataplane } from '../osl/dataplane.js';
import type { EmbeddedDns } from '../resolver/embedded-dns.js';

/** The agent's refill delay (see the constructor): about a `docker run`'s create-to-running. */
export const agentRefillDelayMs = 1_000;

/**
 * One sandbox namespace made ahead of need: loopback up, sysctls set and the embedded DNS's
 * listener opening in it. A new sandbox takes it by renaming it, instead of waiting for its
 * resolver's helper process, which is most of a sandbox's start. Spares are never recorded as
 * the agent's sandboxes; they go when the agent stops, and a new agent removes any left behind.
 */
export class SpareNamespace {
  private spare: { netns: string; made: Promise<boolean> } | undefined;
  private readonly prefix: string;
  private pending: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataplane: Dataplane,
    private readonly dns: EmbeddedDns,
    /** Names start with it (a lab host's name: `lab down` takes what starts with the lab's). */
    owner: string,
    /**
     * How long a refill waits: the sandbox that took the spare is usually started next (`docker
     * run` is a create, then a start), and making a spare (a namespace and a resolver helper
     * process) meanwhile would take CPU from that start.
     */
    private readonly refillDelayMs = 0,
  ) {
    this.prefix = `${owner}-spare-`;
  }

  /** Removes spares a previous agent of this host left behind (it stopped without cleaning up). */
  async clearLeftovers(): Promise<void> {
    const { namespaces } = await this.dataplane.read([], []);
    const left = [...namespaces].filter((name) => name.startsWith(this.prefix));
    if (left.length > 0) await this.dataplane.deleteNamespaces(left);
  }

  /** Starts making a spare, after the refill delay, if there is none. */
  refill(): void {
    if (this.spare !== undefined || this.pending !== undefined) return;
    if (this.refillDelayMs === 0) return this.make();
    this.pending = setTimeout(() => {
      this.pending = undefined;
      if (this.spare === undefined) this.make();
    }, this.refillDelayMs);
  }

  private make(): void {
    const netns = `${this.prefix}${Date.now().toString(36)}`;
    const made = this.dataplane.addNamespaces([netns]).then(
      (failed) => {
        if (failed.size > 0) return false;
        this.dns.prepareSpare(netns);
        return true;
      },
      () => false,
    );
    this.spare = { netns, made };
  }

  /** Gives the spare to a sandbox as its namespace; false when there is none to give. */
  async take(sandbox: DesiredSandbox): Promise<boolean> {
    const spare = this.spare;
    if (spare === undefined || sandbox.netns === null) return false;
    this.spare = undefined;
    if (!(await spare.made)) return false;
    try {
      await this.dataplane.renameNamespace(spare.netns, sandbox.netns);
    } catch {
      await this.drop(spare.netns);
      return false;
    }
    this.dns.adoptSpare(spare.netns, sandbox);
    return true;
  }

  /** Removes the spare, if any. */
  async close(): Promise<void> {
    clearTimeout(this.pending);
    this.pending = undefined;
    const spare = this.spare;
    this.spare = undefined;
    if (spare !== undefined && (await spare.made)) await this.drop(spare.netns);
  }

  private async drop(netns: string): Promise<void> {
    this.dns.dropSpare(netns);
    await this.dataplane.deleteNamespaces([netns]);
  }
}
