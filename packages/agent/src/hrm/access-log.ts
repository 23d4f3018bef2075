import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The proxy's access log (HAProxy's stdout) appended to `file`; past `maxBytes` the file becomes
 * `<file>.1`, replacing the older one. Writes are batched and chained, so lines stay in order.
 */
export class AccessLog {
  private pending: Buffer[] = [];
  private chain: Promise<void> = Promise.resolve();
  private size: number | undefined;

  constructor(
    private readonly file: string,
    private readonly onError: (error: unknown) => void,
    private readonly maxBytes = 10 * 1024 * 1024,
  ) {}

  write(chunk: Buffer): void {
    this.pending.push(chunk);
    if (this.pending.length > 1) return;
    this.chain = this.chain.then(() => this.flush()).catch(this.onError);
  }

  /** Waits for everything written so far to be in the file. */
  settled(): Promise<void> {
    return this.chain;
  }

  private async flush(): Promise<void> {
    const data = Buffer.concat(this.pending);
    this.pending = [];
    if (this.size === undefined) {
      await mkdir(path.dirname(this.file), { recursive: true });
      this.size = await stat(this.file).then(
        (info) => info.size,
        () => 0,
      );
    }
    if (this.size > 0 && this.size + data.length > this.maxBytes) {
      await rename(this.file, `${this.file}.1`);
      this.size = 0;
    }
    await appendFile(this.file, data);
    this.size += data.length;
  }
}
