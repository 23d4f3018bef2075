import { appendFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  countLines,
  encodeRecords,
  type LogRecord,
  type LogStream,
  parseRecords,
  tailOf,
} from './log-lines.js';

/**
 * One container's output as JSON lines in `<dir>/<id>.log`. It keeps at most `maxLines`: the
 * current file takes half, and when full it becomes `<id>.log.1` (replacing the older half).
 * Writes are batched and chained, so lines stay in order and reads see every line appended.
 */
export class ContainerLog {
  private readonly file: string;
  private pending: LogRecord[] = [];
  private chain: Promise<void> = Promise.resolve();
  private scheduled = false;
  private lines: number | undefined;
  /** Set once removed: output still draining from a stopped process must not recreate the file. */
  private removed = false;

  constructor(
    private readonly dir: string,
    sandboxId: string,
    private readonly maxLines: number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.file = path.join(dir, `${encodeURIComponent(sandboxId)}.log`);
  }

  append(stream: LogStream, text: string): void {
    if (this.removed) return;
    this.pending.push({ stream, at: new Date().toISOString(), text });
    if (this.scheduled) return;
    this.scheduled = true;
    this.enqueue(() => this.flush());
  }

  async read(tail: number | null): Promise<LogRecord[]> {
    await this.chain;
    const texts = await Promise.all(
      [`${this.file}.1`, this.file].map((file) => readFile(file, 'utf8').catch(() => '')),
    );
    return tailOf(parseRecords(texts.join('')), tail);
  }

  /** Waits for every line appended so far to be on disk. */
  settled(): Promise<void> {
    return this.chain;
  }

  async remove(): Promise<void> {
    this.removed = true;
    this.pending = [];
    await this.chain;
    await Promise.all([rm(this.file, { force: true }), rm(`${this.file}.1`, { force: true })]);
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch(this.onError);
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const half = Math.max(1, Math.floor(this.maxLines / 2));
    const batch = tailOf(this.pending, half);
    this.pending = [];
    if (batch.length === 0) return;
    if (this.lines === undefined) {
      await mkdir(this.dir, { recursive: true });
      this.lines = countLines(await readFile(this.file, 'utf8').catch(() => ''));
    }
    if (this.lines + batch.length > half) {
      await rename(this.file, `${this.file}.1`).catch(() => undefined);
      this.lines = 0;
    }
    await appendFile(this.file, encodeRecords(batch));
    this.lines += batch.length;
  }
}
