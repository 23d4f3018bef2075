import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { startProcess, type ChildProcess } from '../osl/process.js';

export interface MasterOptions {
  binary: string;
  /** A named namespace to run in (tests); undefined: the agent's own. */
  netns: string | undefined;
  config: string;
  pidFile: string;
  /** A descriptor HAProxy's stdout (the access log) goes to. */
  output: number;
  /** Alerts HAProxy prints while it serves, as they come. */
  onAlert: (line: string) => void;
  /** The master exited without being asked to (its workers go with it). */
  onExit: (reason: string) => void;
  /** How long to wait for HAProxy to say whether a configuration loaded. */
  loadTimeoutMs?: number;
}

/** HAProxy's own lines come as `[ALERT]    (pid) : text`. */
const alert = /^\[ALERT\]\s+\(\d+\) : /;

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

/**
 * One HAProxy master process, master-worker in the foreground (`-W -db`) so that it is the
 * agent's child: started, soft-reloaded (SIGUSR2: a new worker takes the listeners over, the old
 * one finishes its requests) and stopped.
 */
export class HaproxyMaster {
  private readonly watchers = new Set<(line: string | undefined) => void>();
  private readonly exited: Promise<void>;
  /** Whether an exit is news: the master served, and nobody asked it to stop. */
  private serving = false;
  private gone = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly options: MasterOptions,
  ) {
    let partial = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.heard(line);
    });
    this.exited = new Promise((resolve) => {
      child.on('error', (error) => this.ended(error.message, resolve));
      child.on('exit', (code, signal) => this.ended(`haproxy exited (${signal ?? `code ${code}`})`, resolve));
    });
  }

  /** Starts HAProxy on `config`; resolves once it serves, rejects with its reason if it cannot. */
  static async start(options: MasterOptions): Promise<HaproxyMaster> {
    const args = ['-W', '-db', '-f', options.config, '-p', options.pidFile];
    const [file, argv] =
      options.netns === undefined
        ? [options.binary, args]
        : ['ip', ['netns', 'exec', options.netns, options.binary, ...args]];
    const master = new HaproxyMaster(
      startProcess(file, argv, { stdio: ['ignore', options.output, 'pipe'] }),
      options,
    );
    try {
      await master.loaded();
    } catch (error) {
      await master.stop(1_000);
      throw error;
    }
    master.serving = true;
    return master;
  }

  /** Loads the config file again; rejects with HAProxy's reason when it kept the previous one. */
  async reload(): Promise<void> {
    const loaded = this.loaded();
    this.child.kill('SIGUSR2');
    await loaded;
  }

  /** SIGTERM (workers end at once), SIGKILL after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    this.serving = false;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private heard(line: string): void {
    // Alerts while loading come back as the error instead.
    if (this.serving && alert.test(line)) this.options.onAlert(line.replace(alert, ''));
    for (const watcher of this.watchers) watcher(line);
  }

  private ended(why: string, resolve: () => void): void {
    if (this.gone) return;
    this.gone = true;
    // The last lines may still be in the pipe when the process is gone.
    const drained = this.child.stderr === null ? Promise.resolve() : once(this.child.stderr, 'end');
    void Promise.race([drained, sleep(200)]).then(() => {
      for (const watcher of this.watchers) watcher(undefined);
      if (this.serving) this.options.onExit(why);
      resolve();
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

/**
 * Ends an HAProxy left running by a previous agent (its pid file names it and its command line
 * names this config), so the new one can bind the ports. Returns whether there was one.
 */
export async function killStale(pidFile: string, config: string, graceMs: number): Promise<boolean> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  if (!cmdline.some((arg) => arg.endsWith('haproxy')) || !cmdline.includes(config)) return false;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; alive(pid) && waited < graceMs; waited += 50) await sleep(50);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  return true;
}
