import { connect, type Socket } from 'node:net';
import { encodeLine, LineReader, parseReply, type ResolverReply, type ResolverRequest } from './protocol.js';

type Answer = Exclude<ResolverReply, { log: string } | { superseded: true }>;
type Ask = ResolverRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
type Tell = Exclude<ResolverRequest, { id: number }>;

/** A request the resolver leaves unanswered this long means it is stuck: the link is dropped. */
const requestTimeoutMs = 60_000;

/** Connects to the resolver's socket; undefined when nothing listens there. */
export function tryConnect(path: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(undefined);
    });
  });
}

/** The agent's end of one connection to its resolver process. */
export class ResolverLink {
  private readonly pending = new Map<number, { settle: (answer: Answer | Error) => void }>();
  private nextId = 1;
  private ending = false;
  private superseded = false;

  constructor(
    private readonly socket: Socket,
    log: (message: string) => void,
    /**
     * Called once when the connection ends without `end()`: `lost` when the resolver died,
     * `superseded` when another agent connected to it.
     */
    onGone: (why: 'lost' | 'superseded') => void,
  ) {
    const reader = new LineReader();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      for (const line of reader.push(chunk)) {
        const parsed = parseReply(line);
        if (!parsed.ok) log(`resolver process: an unreadable reply (${parsed.error})`);
        else if ('log' in parsed.value) log(parsed.value.log);
        else if ('superseded' in parsed.value) this.superseded = true;
        else this.pending.get(parsed.value.id)?.settle(parsed.value);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      for (const { settle } of this.pending.values()) settle(new Error('the resolver process went away'));
      if (!this.ending) onGone(this.superseded ? 'superseded' : 'lost');
    });
  }

  /**
   * Sends `request` and waits for its answer. By default a request unanswered for a minute means
   * the resolver is stuck and the link is dropped; `limitMs` waits less and keeps the link, for
   * questions (a metrics scrape) that must not hang their caller nor end the resolver's feed.
   */
  ask(request: Ask, limitMs?: number): Promise<Answer> {
    const id = this.nextId++;
    if (this.socket.destroyed || this.socket.writableEnded)
      return Promise.reject(new Error('the resolver process went away'));
    return new Promise((resolve, reject) => {
      const waitMs = limitMs ?? requestTimeoutMs;
      const timer = setTimeout(() => {
        settle(new Error(`the resolver process did not answer "${request.op}" in ${waitMs} ms`));
        if (limitMs === undefined) this.socket.destroy();
      }, waitMs);
      const settle = (answer: Answer | Error) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (answer instanceof Error) reject(answer);
        else resolve(answer);
      };
      this.pending.set(id, { settle });
      this.socket.write(encodeLine({ ...request, id } as ResolverRequest));
    });
  }

  tell(request: Tell): void {
    if (!this.socket.destroyed) this.socket.write(encodeLine(request));
  }

  /** Leaves the resolver running: it keeps answering with what it was last told. */
  end(): Promise<void> {
    this.ending = true;
    return new Promise((resolve) => {
      if (this.socket.closed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }
}
