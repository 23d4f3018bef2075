import { watch, type FSWatcher } from 'node:fs';
import { open, readFile, truncate } from 'node:fs/promises';
import { LineSplitter, maxLineLength, type LogStream } from '../log-lines.js';
import { writeFileAtomic } from './atomic-file.js';

/** Past this many bytes read, a file read to its end is emptied, so a chatty workload cannot fill the disk. */
const truncateAfterBytes = 4 * 1024 * 1024;
/** inotify is the trigger; this is the safety net for an event missed. */
const pollMs = 1_000;
const chunkBytes = 64 * 1024;

/**
 * Follows one stream of a workload that writes to a file (opened O_APPEND, never a pipe to the
 * agent, so the workload never blocks nor gets SIGPIPE when the agent is gone) and hands its
 * whole lines on. Where it got to is kept beside the file (`<file>.pos`), so the next agent
 * continues from there: lines written while no agent ran are read then, and none twice.
 */
export class OutputTail {
  private position: number | undefined;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private queued = false;
  private stopped = false;

  constructor(
    private readonly file: string,
    private readonly stream: LogStream,
    /** Lines to the container's log; resolves once they are written (before the position moves). */
    private readonly append: (stream: LogStream, lines: string[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts following (the file may not exist yet). */
  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.poke(), pollMs);
    this.timer.unref();
    this.poke();
  }

  /** Reads what is there now, a last partial line included when `final` (the process exited). */
  drain(final = false): Promise<void> {
    return this.enqueue(() => this.read(final));
  }

  /** Stops following, after reading what is there. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
    await this.drain();
  }

  private poke(): void {
    if (this.stopped || this.queued) return;
    this.queued = true;
    void this.enqueue(async () => {
      this.queued = false;
      await this.read(false);
    });
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.chain.then(step).catch(this.onError);
    this.chain = run;
    return run;
  }

  private watchOnce(): void {
    if (this.watcher !== undefined || this.stopped) return;
    try {
      this.watcher = watch(this.file, { persistent: false }, () => this.poke());
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      // not there yet: the poll finds it
    }
  }

  private async read(final: boolean): Promise<void> {
    const handle = await open(this.file, 'r').catch(() => undefined);
    if (handle === undefined) return;
    this.watchOnce();
    try {
      this.position ??= await this.savedPosition();
      const { size } = await handle.stat();
      // Emptied by someone else (or a new file): start over.
      if (size < this.position) this.position = 0;
      while (this.position < size) {
        const buffer = Buffer.alloc(Math.min(chunkBytes, size - this.position));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.position);
        if (bytesRead === 0) break;
        const data = buffer.subarray(0, bytesRead);
        const end = data.lastIndexOf(0x0a);
        const atEnd = this.position + bytesRead >= size;
        let take: number;
        // The process exited: its last partial line too.
        if (final && atEnd) take = bytesRead;
        else if (end >= 0) take = end + 1;
        // A runaway line is split, as Docker does.
        else if (bytesRead >= maxLineLength) take = bytesRead;
        // Half a line: the rest comes later.
        else break;
        const splitter = new LineSplitter();
        const text = data.subarray(0, take).toString('utf8');
        const lines = [...splitter.push(text), ...splitter.end()];
        await this.append(this.stream, lines);
        this.position += take;
        await writeFileAtomic(`${this.file}.pos`, `${this.position}\n`);
      }
      if (this.position >= truncateAfterBytes && this.position === size) {
        // A line written between the read above and this truncate is lost: a short window, once
        // per few megabytes, against a file that would grow without end.
        await truncate(this.file, 0);
        this.position = 0;
        await writeFileAtomic(`${this.file}.pos`, '0\n');
      }
    } finally {
      await handle.close();
    }
  }

  private async savedPosition(): Promise<number> {
    const saved = Number((await readFile(`${this.file}.pos`, 'utf8').catch(() => '0')).trim());
    return Number.isSafeInteger(saved) && saved >= 0 ? saved : 0;
  }
}
