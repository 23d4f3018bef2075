import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DesiredMesh, RouteCounters } from '@switchyard/contracts';
import { CommandError, exec } from '../osl/exec.js';
import { AccessLog } from './access-log.js';
import { HaproxyMaster, haproxySaid, killStale, type MasterOptions } from './haproxy-master.js';
import type { MeshProxy } from './mesh-proxy.js';
import { configFile, renderHaproxy, statsSocketFile, type RenderedProxy } from './render-haproxy.js';
import { CounterBook, parseStats, queryStats } from './stats.js';

export interface HaproxyMeshOptions {
  /** The agent's state directory: the proxy's files go in `<stateDir>/hrm/`. */
  stateDir: string;
  /** Run HAProxy in this named namespace (tests); undefined: the agent's own, as on a lab host. */
  netns?: string;
  /** Default: `haproxy` on the PATH. */
  binary?: string;
  log?: (line: string) => void;
  /** Between SIGTERM and SIGKILL when stopping. */
  stopGraceMs?: number;
  /** Size at which access.log becomes access.log.1. */
  accessLogBytes?: number;
}

export const notInstalled = 'haproxy is not installed (apt-get install haproxy)';
/** A reload HAProxy refused (a port taken) pauses its listeners for seconds: not retried every pass. */
const retryRefusedMs = 60_000;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Writes each file beside its final name, then renames it over: HAProxy never reads half a file. */
async function writeAll(dir: string, rendered: RenderedProxy): Promise<void> {
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [...Object.entries(rendered.files), [configFile, rendered.config]];
  for (const [name, text] of files) {
    const file = path.join(dir, name);
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, file);
  }
}

/**
 * The routing mesh's proxy as an HAProxy master run by the agent. A changed mesh is rendered,
 * checked with `haproxy -c` (a config that fails is never applied), written, then loaded by a
 * soft reload; an unchanged one does nothing. HAProxy dying is noticed and it is started again.
 */
class HaproxyMesh implements MeshProxy {
  private readonly dir: string;
  private readonly binary: string;
  private readonly log: (line: string) => void;
  private readonly accessLog: AccessLog;
  private readonly book = new CounterBook();
  private master: HaproxyMaster | undefined;
  /** The checked files in the live directory (what to run), and those the master runs. */
  private written: string | undefined;
  private serving: string | undefined;
  private refused: { key: string; at: number; message: string } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private restart: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private quickExits = 0;
  private closed = false;
  private triedAdopting = false;

  constructor(private readonly options: HaproxyMeshOptions) {
    // Absolute: HAProxy reads a relative socket path as host:port.
    this.dir = path.resolve(options.stateDir, 'hrm');
    this.binary = options.binary ?? 'haproxy';
    this.log = options.log ?? (() => undefined);
    this.accessLog = new AccessLog(path.join(this.dir, 'access.log'), options.accessLogBytes);
  }

  sync(mesh: DesiredMesh | null): Promise<void> {
    return this.serialize(() => (mesh === null ? this.stop() : this.apply(mesh)));
  }

  drifted(mesh: DesiredMesh): Promise<string[]> {
    return this.serialize(async () => {
      const rendered = renderHaproxy(mesh, { dir: this.dir });
      const key = JSON.stringify(rendered);
      if (this.master === undefined || this.serving !== key || this.written !== key) return [];
      const differing = await this.differing(rendered);
      if (differing.length > 0) this.written = undefined;
      return differing;
    });
  }

  /** Also keeps the access log to its size: asked for every heartbeat. */
  counters(): Promise<RouteCounters[] | undefined> {
    return this.serialize(async () => {
      if (this.master === undefined) return undefined;
      await this.accessLog
        .rotate()
        .catch((error: unknown) => this.log(`cannot rotate the proxy's access log: ${describe(error)}`));
      return this.sample().catch(() => this.book.counters());
    });
  }

  /** Leaves HAProxy serving, for the next agent to adopt. */
  close(): Promise<void> {
    this.closed = true;
    return this.serialize(() => {
      clearTimeout(this.restart);
      this.master?.release();
      this.master = undefined;
      return Promise.resolve();
    });
  }

  stopAll(): Promise<void> {
    this.closed = true;
    return this.serialize(() => this.stop());
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply(mesh: DesiredMesh): Promise<void> {
    const rendered = renderHaproxy(mesh, { dir: this.dir });
    const key = JSON.stringify(rendered);
    if (!this.triedAdopting) await this.adopt(rendered, key);
    // The files must match too: after a refused reload they are the refused ones.
    if (this.master !== undefined && this.serving === key && this.written === key) return;
    const { refused } = this;
    if (this.master !== undefined && refused?.key === key && Date.now() - refused.at < retryRefusedMs) {
      throw new Error(refused.message);
    }
    await this.check(mesh);
    await writeAll(this.dir, rendered);
    this.written = key;
    if (this.master === undefined) {
      await this.start();
    } else {
      try {
        await this.reload(this.master);
      } catch (error) {
        this.refused = { key, at: Date.now(), message: `cannot reload haproxy: ${describe(error)}` };
        throw new Error(this.refused.message);
      }
    }
    this.serving = key;
    this.refused = undefined;
  }

  /** A soft reload, reading the counters meanwhile: the old worker's last counts are lost with it. */
  private async reload(master: HaproxyMaster): Promise<void> {
    let done = false;
    const reloaded = master.reload().finally(() => {
      done = true;
    });
    while (!done) {
      await this.sample().catch(() => undefined);
      await Promise.race([reloaded.catch(() => undefined), sleep(20)]);
    }
    await reloaded;
  }

  /** `haproxy -c` on the same files rendered into `check/`, before the live ones are touched. */
  private async check(mesh: DesiredMesh): Promise<void> {
    const dir = path.join(this.dir, 'check');
    await writeAll(dir, renderHaproxy(mesh, { dir }));
    try {
      await exec(this.binary, ['-c', '-f', path.join(dir, configFile)]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(notInstalled);
      if (!(error instanceof CommandError)) throw error;
      // The specific alerts; the summary lines after them say nothing more.
      const lines = error.stderr.split('\n').filter((line) => !/(Error\(s\)|Fatal errors) found/.test(line));
      const said = haproxySaid(lines, error.message);
      throw new Error(`invalid haproxy configuration: ${said}`);
    }
  }

  /**
   * Takes over the HAProxy a previous agent left serving (once, on the first mesh): it serves on,
   * reloaded by `apply` only if the files it runs are not those of `rendered`.
   */
  private async adopt(rendered: RenderedProxy, key: string): Promise<void> {
    this.triedAdopting = true;
    const master = await HaproxyMaster.adopt(this.masterOptions(-1));
    if (master === undefined) return;
    this.master = master;
    this.startedAt = Date.now();
    this.log(`adopted the haproxy a previous agent left serving (pid ${master.pid})`);
    if ((await this.differing(rendered)).length === 0) {
      this.written = key;
      this.serving = key;
    }
  }

  /** The files of `rendered` that differ from those in the live directory, by name. */
  private async differing(rendered: RenderedProxy): Promise<string[]> {
    const files: [string, string][] = [...Object.entries(rendered.files), [configFile, rendered.config]];
    const same = await Promise.all(
      files.map(
        async ([name, text]) => (await readFile(path.join(this.dir, name), 'utf8').catch(() => '')) === text,
      ),
    );
    return files.flatMap(([name], index) => (same[index] === true ? [] : [name]));
  }

  private masterOptions(output: number): MasterOptions {
    return {
      binary: this.binary,
      netns: this.options.netns,
      config: path.join(this.dir, configFile),
      pidFile: path.join(this.dir, 'haproxy.pid'),
      output,
      errorFile: path.join(this.dir, 'haproxy.stderr'),
      onAlert: (line) => this.log(`haproxy: ${line}`),
      onExit: (why) => this.died(why),
    };
  }

  private async start(): Promise<void> {
    const config = path.join(this.dir, configFile);
    const pidFile = path.join(this.dir, 'haproxy.pid');
    if (await killStale(pidFile, config, this.options.stopGraceMs ?? 5_000)) {
      this.log('stopped the haproxy a previous agent left running');
    }
    this.book.clear();
    const output = await this.accessLog.open();
    try {
      this.master = await HaproxyMaster.start(this.masterOptions(output.fd));
    } catch (error) {
      throw new Error(`cannot start haproxy: ${describe(error)}`);
    } finally {
      // HAProxy holds its own copy.
      await output.close();
    }
    this.startedAt = Date.now();
  }

  /**
   * Starts HAProxy again after a while (longer each time it dies soon after starting) on the files
   * it ran: the last mesh asked for may be one that failed its check.
   */
  private died(why: string): void {
    this.master = undefined;
    this.serving = undefined;
    this.quickExits = Date.now() - this.startedAt < 10_000 ? this.quickExits + 1 : 0;
    const delay = Math.min(30_000, 500 * 2 ** this.quickExits);
    this.log(`${why}; starting it again in ${delay / 1000} s`);
    clearTimeout(this.restart);
    this.restart = setTimeout(() => {
      this.serialize(async () => {
        if (this.closed || this.master !== undefined || this.written === undefined) return;
        await this.start();
        this.serving = this.written;
      }).catch((error: unknown) => this.log(describe(error)));
    }, delay);
  }

  private async stop(): Promise<void> {
    clearTimeout(this.restart);
    const { master } = this;
    this.master = undefined;
    this.written = undefined;
    this.serving = undefined;
    this.refused = undefined;
    this.book.clear();
    await master?.stop(this.options.stopGraceMs ?? 5_000);
  }

  private async sample(): Promise<RouteCounters[]> {
    return this.book.add(parseStats(await queryStats(path.join(this.dir, statsSocketFile))));
  }
}

export function createHaproxyMesh(options: HaproxyMeshOptions): MeshProxy {
  return new HaproxyMesh(options);
}
