import { open, readFile, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { startProcess, type ChildProcess } from '../osl/process.js';
import { watchExit } from '../runtime/live/adopted-exit.js';
import { readProcStat } from '../runtime/live/proc-stat.js';

export interface MasterOptions {
  binary: string;
  /** A named namespace to run in (tests); undefined: the agent's own. */
  netns: string | undefined;
  config: string;
  pidFile: string;
  /** A descriptor HAProxy's stdout (the access log) goes to. */
  output: number;
  /**
   * The file HAProxy's stderr is appended to (its alerts, and whether each load succeeded): a
   * file, not a pipe to the agent, so that HAProxy outlives the agent.
   */
  errorFile: string;
  /** Alerts HAProxy prints while it serves, as they come. */
  onAlert: (line: string) => void;
  /** The master exited without being asked to (its workers go with it). */
  onExit: (reason: string) => void;
  /** How long to wait for HAProxy to say whether a configuration loaded. */
  loadTimeoutMs?: number;
}

/** HAProxy's own lines come as `[ALERT]    (pid) : text`. */
const alert = /^\[ALERT\]\s+\(\d+\) : /;
/** How often the error file is read for new lines. */
const readEveryMs = 50;

/** Why loading failed, in HAProxy's words: its alerts, else its last lines. */
export function haproxySaid(lines: readonly string[], fallback: string): string {
  const alerts = lines.filter((line) => alert.test(line)).map((line) => line.replace(alert, ''));
  const said = alerts.length > 0 ? alerts : lines.slice(-3);
  return said.length > 0 ? said.join('; ') : fallback;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone already
  }
}

/** The pid a pid file names, if it is an HAProxy running `config`. */
async function haproxyOf(pidFile: string, config: string): Promise<number | undefined> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  return cmdline.some((arg) => arg.endsWith('haproxy')) && cmdline.includes(config) ? pid : undefined;
}

/**
 * One HAProxy master process, master-worker in the foreground (`-W -db`), in a session of its own
 * with its output in files: started by this agent or adopted from a previous one, soft-reloaded
 * (SIGUSR2: a new worker takes the listeners over, the old one finishes its requests), stopped,
 * or let go running when the agent leaves.
 */
export class HaproxyMaster {
  private readonly watchers = new Set<(line: string | undefined) => void>();
  /** Whether an exit is news: the master served, and nobody asked it to stop. */
  private serving = false;
  private gone = false;
  private released = false;
  private readonly reader: NodeJS.Timeout;
  private position: number;
  private partial = '';
  private reading: Promise<void> = Promise.resolve();

  private constructor(
    readonly pid: number,
    private readonly exited: Promise<string>,
    private readonly options: MasterOptions,
    errorsFrom: number,
    private readonly child?: ChildProcess,
    private readonly unwatch?: () => void,
  ) {
    this.position = errorsFrom;
    this.reader = setInterval(() => void this.readErrors(), readEveryMs);
    this.reader.unref();
    void exited.then((why) => this.ended(why));
  }

  /** Starts HAProxy on `config`; resolves once it serves, rejects with its reason if it cannot. */
  static async start(options: MasterOptions): Promise<HaproxyMaster> {
    const args = ['-W', '-db', '-f', options.config, '-p', options.pidFile];
    const [file, argv] =
      options.netns === undefined
        ? [options.binary, args]
        : ['ip', ['netns', 'exec', options.netns, options.binary, ...args]];
    const errors = await open(options.errorFile, 'a', 0o600);
    let child: ChildProcess;
    let from: number;
    try {
      from = (await errors.stat()).size;
      // Its own session: it outlives the agent, and a signal to the agent's group misses it.
      child = startProcess(file, argv, { stdio: ['ignore', options.output, errors.fd], detached: true });
    } finally {
      await errors.close();
    }
    const exited = new Promise<string>((resolve) => {
      child.on('error', (error) => resolve(error.message));
      child.on('exit', (code, signal) => resolve(`haproxy exited (${signal ?? `code ${code}`})`));
    });
    const master = new HaproxyMaster(child.pid ?? 0, exited, options, from, child);
    try {
      await master.loaded();
    } catch (error) {
      await master.stop(1_000);
      throw error;
    }
    master.serving = true;
    return master;
  }

  /**
   * The HAProxy a previous agent left serving `config` (its pid file names it), taken over as it
   * is; undefined when there is none.
   */
  static async adopt(options: MasterOptions): Promise<HaproxyMaster | undefined> {
    const pid = await haproxyOf(options.pidFile, options.config);
    const stat = pid === undefined ? undefined : await readProcStat(pid);
    if (pid === undefined || stat === undefined) return undefined;
    const from = await fileSize(options.errorFile);
    const watch = watchExit(pid, stat.startTime);
    const exited = watch.exited.then(() => 'haproxy exited');
    const master = new HaproxyMaster(pid, exited, options, from, undefined, watch.cancel);
    master.serving = true;
    return master;
  }

  /** Loads the config file again; rejects with HAProxy's reason when it kept the previous one. */
  async reload(): Promise<void> {
    await this.reading;
    const loaded = this.loaded();
    signal(this.pid, 'SIGUSR2');
    await loaded;
  }

  /** SIGTERM (workers end at once), SIGKILL after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    this.serving = false;
    if (!this.gone) signal(this.pid, 'SIGTERM');
    const timer = setTimeout(() => signal(this.pid, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Lets it go, serving (the agent is leaving): no more reading or watching. */
  release(): void {
    this.released = true;
    clearInterval(this.reader);
    this.unwatch?.();
    this.child?.unref();
  }

  private async readErrors(): Promise<void> {
    const step = this.reading.then(async () => {
      const size = await fileSize(this.options.errorFile);
      if (size < this.position) this.position = 0;
      if (size === this.position) return;
      const handle = await open(this.options.errorFile, 'r');
      try {
        const buffer = Buffer.alloc(size - this.position);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.position);
        this.position += bytesRead;
        const lines = (this.partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
        this.partial = lines.pop() ?? '';
        for (const line of lines) this.heard(line);
      } finally {
        await handle.close();
      }
    });
    this.reading = step.catch(() => undefined);
    await this.reading;
  }

  private heard(line: string): void {
    // Alerts while loading come back as the error instead.
    if (this.serving && alert.test(line)) this.options.onAlert(line.replace(alert, ''));
    for (const watcher of this.watchers) watcher(line);
  }

  private ended(why: string): void {
    if (this.gone || this.released) return;
    this.gone = true;
    // Its last lines are in the file: read them before saying it is gone.
    void this.readErrors().then(() => {
      clearInterval(this.reader);
      for (const watcher of this.watchers) watcher(undefined);
      if (this.serving) this.options.onExit(why);
    });
  }

  /** HAProxy's master says `Loading success.` or `Loading failure!` after each (re)load. */
  private loaded(): Promise<void> {
    const timeoutMs = this.options.loadTimeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const seen: string[] = [];
      const finish = (error?: string) => {
        clearTimeout(timer);
        this.watchers.delete(watch);
        if (error === undefined) resolve();
        else reject(new Error(error));
      };
      const watch = (line: string | undefined) => {
        if (line === undefined) finish(haproxySaid(seen, 'haproxy exited'));
        else if (line.includes('Loading success.')) finish();
        else if (line.includes('Loading failure!')) {
          finish(`${haproxySaid(seen, 'it did not load')} (still serving the previous configuration)`);
        } else seen.push(line);
      };
      const timer = setTimeout(
        () => finish(`haproxy did not say whether it loaded within ${timeoutMs / 1000} s`),
        timeoutMs,
      );
      this.watchers.add(watch);
    });
  }
}

function fileSize(file: string): Promise<number> {
  return stat(file).then(
    (info) => info.size,
    () => 0,
  );
}

/**
 * Ends an HAProxy left running by a previous agent (its pid file names it and its command line
 * names this config), so the new one can bind the ports. Returns whether there was one.
 */
export async function killStale(pidFile: string, config: string, graceMs: number): Promise<boolean> {
  const pid = await haproxyOf(pidFile, config);
  if (pid === undefined) return false;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; alive(pid) && waited < graceMs; waited += 50) await sleep(50);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  return true;
}
