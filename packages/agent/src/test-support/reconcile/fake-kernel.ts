import type { ReconcileKernel } from '../../osl/kernel.js';

/** An in-memory kernel for tests: sysctls that exist, ones that refuse writes, and call counts. */
export class FakeKernel implements ReconcileKernel {
  readonly values = new Map<string, string>();
  readonly readOnly = new Set<string>();
  writes: [string, string][] = [];

  constructor(initial: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(initial)) this.values.set(name, value);
  }

  async read(name: string): Promise<string> {
    const value = this.values.get(name);
    if (value === undefined) throw new Error(`ENOENT: no such file or directory, open '/proc/sys/${name}'`);
    return value;
  }

  async write(name: string, value: string): Promise<void> {
    if (!this.values.has(name))
      throw new Error(`ENOENT: no such file or directory, open '/proc/sys/${name}'`);
    this.writes.push([name, value]);
    if (!this.readOnly.has(name)) this.values.set(name, value);
  }
}
