import type { RemoteInfo, Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { isResponse, readHeader, withId } from './dns-wire.js';
import type { Upstream } from './upstream.js';

/** Caps the forwarded queries in flight across every sandbox, so a flood cannot exhaust the agent. */
export class InFlightLimit {
  private used = 0;

  constructor(readonly max: number) {}

  tryAcquire(): boolean {
    if (this.used >= this.max) return false;
    this.used += 1;
    return true;
  }

  release(): void {
    this.used -= 1;
  }
}

interface Pending {
  upstream: Upstream;
  clientId: number;
  settle: (reply: Buffer | undefined) => void;
}

/**
 * Forwards raw queries over one UDP socket (one per sandbox, living in that sandbox's namespace,
 * so upstreams are reached the way the container itself would reach them). Each query gets a
 * fresh random id; a reply is accepted only from the upstream it was sent to, with that id.
 */
export class Forwarder {
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.on('message', (message, remote) => this.receive(message, remote));
  }

  /** The upstream's reply with the client's id, or undefined when every upstream timed out. */
  async forward(query: Uint8Array, upstreams: readonly Upstream[]): Promise<Buffer | undefined> {
    const clientId = readHeader(query).id;
    for (const upstream of upstreams) {
      const reply = await this.attempt(query, clientId, upstream);
      if (reply !== undefined) return reply;
    }
    return undefined;
  }

  /** Ends every query still waiting (they get no reply); the socket is closed by its owner. */
  cancelAll(): void {
    for (const pending of this.pending.values()) pending.settle(undefined);
  }

  private attempt(query: Uint8Array, clientId: number, upstream: Upstream): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const id = this.freeId();
      const timer = setTimeout(() => settle(undefined), this.timeoutMs);
      const settle = (reply: Buffer | undefined) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(reply);
      };
      this.pending.set(id, { upstream, clientId, settle });
      this.socket.send(withId(query, id), upstream.port, upstream.address, (error) => {
        if (error) settle(undefined);
      });
    });
  }

  private freeId(): number {
    for (;;) {
      const id = randomInt(0, 65_536);
      if (!this.pending.has(id)) return id;
    }
  }

  private receive(message: Buffer, remote: RemoteInfo): void {
    if (message.length < 12 || !isResponse(readHeader(message).flags)) return;
    const pending = this.pending.get(readHeader(message).id);
    if (pending === undefined) return;
    if (pending.upstream.address !== remote.address || pending.upstream.port !== remote.port) return;
    pending.settle(withId(message, pending.clientId));
  }
}
