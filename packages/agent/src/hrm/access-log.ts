import { copyFile, mkdir, open, stat, truncate } from 'node:fs/promises';
import path from 'node:path';

/**
 * The proxy's access log. HAProxy writes its stdout straight into `file`, opened for appending, so
 * the agent is not on the path of every request (piping it through the agent cost the proxy a
 * third of its tail latency in bench:hrm). Past `maxBytes` the file is copied to `<file>.1` and
 * truncated in place; HAProxy's appends go on from the new end.
 */
export class AccessLog {
  constructor(
    private readonly file: string,
    private readonly maxBytes = 10 * 1024 * 1024,
  ) {}

  /** A descriptor for HAProxy's stdout, appending; close it once the process has been spawned. */
  async open(): Promise<{ fd: number; close: () => Promise<void> }> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const handle = await open(this.file, 'a', 0o600);
    return { fd: handle.fd, close: () => handle.close() };
  }

  /** Moves the log to `.1` once it has grown past its size (lines written meanwhile may be lost). */
  async rotate(): Promise<void> {
    const size = await stat(this.file).then(
      (info) => info.size,
      () => 0,
    );
    if (size <= this.maxBytes) return;
    await copyFile(this.file, `${this.file}.1`);
    await truncate(this.file, 0);
  }
}
