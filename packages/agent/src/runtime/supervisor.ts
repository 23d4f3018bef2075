import { constants } from 'node:os';
import type { DesiredSandbox, ObservedSandbox } from '@switchyard/contracts';
import { type ChildProcess } from '../osl/process.js';
import type { ContainerLog } from './container-log.js';
import { HealthMonitor } from './health/health-monitor.js';
import type { Launch } from './launch.js';
import { processDriver, type LaunchDriver, type WorkloadProcess } from './launch-driver.js';
import { LineSplitter, type LogStream } from './log-lines.js';
import { type Backoff, exitCodeOf, restartDelayMs, shouldRestart } from './restart-policy.js';

export interface SupervisorDeps {
  log: ContainerLog;
  /** Overrides the workload's stop timeout (tests); unset: `workload.stopTimeoutSeconds`. */
  stopGraceMs?: number;
  backoff: Backoff;
  /** Called whenever the observed state changes. */
  changed: () => void;
  /** How the process is started and stopped; default: directly, in the sandbox's namespace. */
  driver?: LaunchDriver;
}

interface Running {
  child: WorkloadProcess;
  startedAtMs: number;
  exited: Promise<void>;
}

/** A process a previous agent started, still running, taken over as it is. */
export interface AdoptedProcess {
  pid: number;
  /** When it started, and the restarts before it, as they were reported then. */
  startedAt: string;
  restartCount: number;
  /** Resolves once it has exited (its exit code is not known: it is not this agent's child). */
  exited: Promise<void>;
}

/** The exit code reported for an adopted process (Docker's for a container whose exit went unseen). */
const unknownExitCode = 255;

/** Exit code Docker gives a command that could not be started at all. */
const cannotStartCode = 127;

/** Keeps one sandbox's process in the state its desired sandbox asks for. */
export class Supervisor {
  private current: Running | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private startedGeneration: number | undefined;
  /** The agent stopped it (docker stop, removal): not an exit to restart after. */
  private stoppedByAgent = false;
  private quickFailures = 0;
  private state: ObservedSandbox;
  private health: HealthMonitor | undefined;
  private readonly driver: LaunchDriver;
  /** The last start's preparation, or the last exit's cleanup: the next start waits for it. */
  private settling: Promise<void> = Promise.resolve();
  /** Let go (the agent is leaving): the process runs on, unwatched. */
  private released = false;

  constructor(
    private desired: DesiredSandbox,
    private readonly deps: SupervisorDeps,
  ) {
    this.driver = deps.driver ?? processDriver(deps.stopGraceMs);
    this.state = {
      id: desired.id,
      status: 'created',
      pid: null,
      exitCode: null,
      startedAt: null,
      finishedAt: null,
      restartCount: 0,
      health: null,
    };
  }

  /** The desired sandbox last applied. */
  sandbox(): DesiredSandbox {
    return this.desired;
  }

  observed(): ObservedSandbox {
    return { ...this.state };
  }

  async apply(desired: DesiredSandbox): Promise<void> {
    this.desired = desired;
    const launch = this.driver.plan(desired);
    if (!launch.ok) {
      await this.stop();
      // Waiting (for an image, say) is not failing: the start follows once it can.
      this.update({ status: launch.waiting === true ? 'created' : 'dead', pid: null, error: launch.error });
      if (launch.waiting === true) this.startedGeneration = undefined;
      return;
    }
    if (!desired.running) return this.stop();
    if (this.startedGeneration !== desired.startGeneration) {
      await this.stop();
      this.quickFailures = 0;
      await this.startOrFail(launch, 0);
    } else if (this.stoppedByAgent && this.current === undefined) {
      await this.startOrFail(launch, 0);
    }
  }

  /**
   * Takes over a process a previous agent started for `desired` (same spec, same start
   * generation): it runs on as this start, with its health checked again and its exit watched.
   */
  adopt(desired: DesiredSandbox, adopted: AdoptedProcess): void {
    this.desired = desired;
    this.stoppedByAgent = false;
    this.startedGeneration = desired.startGeneration;
    const startedAtMs = Date.parse(adopted.startedAt);
    const running = this.track({ pid: adopted.pid }, Number.isNaN(startedAtMs) ? Date.now() : startedAtMs);
    void adopted.exited.then(() =>
      running.exit(unknownExitCode, null, 'exited while adopted from a previous agent: exit code unknown'),
    );
    this.begin(running.running, adopted.restartCount);
  }

  /**
   * Takes over the exited state a previous agent recorded for this start of `desired`: it stays
   * exited, as that agent left it, instead of being started again.
   */
  restoreExited(
    desired: DesiredSandbox,
    facts: { exitCode: number; finishedAt: string; startedAt: string; restartCount: number },
  ): void {
    this.desired = desired;
    this.stoppedByAgent = false;
    this.startedGeneration = desired.startGeneration;
    this.update({ status: 'exited', pid: null, ...facts });
  }

  /**
   * Lets the process go, running (the agent is leaving with live restore): no restart, health
   * check or exit handling any more, and the agent's event loop no longer waits for it.
   */
  release(): void {
    this.released = true;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.health?.stop();
    this.health = undefined;
    this.current?.child.unref?.();
  }

  /** spawn throws on arguments it cannot pass (a NUL byte in the command or env, for one). */
  private async startOrFail(launch: Launch & { ok: true }, restartCount: number): Promise<void> {
    this.stoppedByAgent = false;
    this.startedGeneration = this.desired.startGeneration;
    const desired = this.desired;
    const prepared = this.settling.then(() => this.driver.prepare(desired));
    this.settling = prepared.then(
      () => undefined,
      () => undefined,
    );
    try {
      await prepared;
      // Stopped while the start was being prepared: what it made goes again.
      if (this.stoppedByAgent) {
        this.settling = this.settling.then(() => this.driver.cleanup(desired));
        return;
      }
      this.start(launch, restartCount);
    } catch (error) {
      this.settling = this.settling.then(() => this.driver.cleanup(desired));
      this.update({ status: 'dead', pid: null, error: `cannot start: ${String(error)}` });
    }
  }

  /**
   * The workload's stop signal (SIGTERM unless `--stop-signal`) to the process group, SIGKILL after
   * its stop timeout; resolves once it is gone.
   */
  async stop(): Promise<void> {
    this.stoppedByAgent = true;
    if (this.restartTimer !== undefined) {
      clearTimeout(this.restartTimer);
      this.restartTimer = undefined;
      this.update({ status: 'exited' });
    }
    const running = this.current;
    if (running === undefined) return this.settling;
    this.driver.signal(running.child, this.desired, 'stop');
    const kill = setTimeout(
      () => this.driver.signal(running.child, this.desired, 'kill'),
      this.driver.stopGraceMs(this.desired),
    );
    await running.exited;
    clearTimeout(kill);
  }

  private start(launch: Launch & { ok: true }, restartCount: number): void {
    const child = this.driver.spawn(launch);
    const running = this.track(child, Date.now());
    this.capture(child, 'stdout');
    this.capture(child, 'stderr');
    child.on('exit', (code, signal) => running.exit(code, signal));
    child.on('error', (error) => running.exit(cannotStartCode, null, error.message));
    this.begin(running.running, restartCount);
  }

  /** The running state of a process, and what to call once when it exits. */
  private track(
    child: WorkloadProcess,
    startedAtMs: number,
  ): {
    running: Running;
    exit: (code: number | null, signal: NodeJS.Signals | null, error?: string) => void;
  } {
    let finish!: () => void;
    const running: Running = {
      child,
      startedAtMs,
      exited: new Promise((resolve) => (finish = resolve)),
    };
    let done = false;
    const desired = this.desired;
    const exit = (code: number | null, signal: NodeJS.Signals | null, error?: string) => {
      if (done || this.released) return;
      done = true;
      this.settling = this.driver.cleanup(desired).catch(() => undefined);
      void this.settling.then(finish);
      this.onExit(running, code, signal, error);
    };
    return { running, exit };
  }

  /** Makes `running` the current process, with a fresh health check, and reports it. */
  private begin(running: Running, restartCount: number): void {
    this.current = running;
    this.health?.stop();
    // Each start is judged afresh: starting until its first probe passes or its retries run out.
    const checked = this.desired.healthCheck !== null;
    this.health = checked
      ? new HealthMonitor(
          () => this.desired,
          (health) => this.update({ health }),
          (check, sandbox) => this.driver.probe(check, sandbox),
        )
      : undefined;
    this.update({
      status: 'running',
      pid: running.child.pid ?? null,
      exitCode: null,
      startedAt: new Date(running.startedAtMs).toISOString(),
      finishedAt: null,
      restartCount,
      error: undefined,
      health: checked ? 'starting' : null,
    });
  }

  private capture(child: ChildProcess, stream: LogStream): void {
    const source = child[stream];
    if (source === null) return;
    const splitter = new LineSplitter();
    source.setEncoding('utf8');
    source.on('data', (chunk: string) => {
      for (const line of splitter.push(chunk)) this.deps.log.append(stream, line);
    });
    source.on('end', () => {
      for (const line of splitter.end()) this.deps.log.append(stream, line);
    });
  }

  private onExit(running: Running, code: number | null, signal: NodeJS.Signals | null, error?: string): void {
    // Whatever the command left goes with it, as when a PID namespace's init exits.
    this.driver.signal(running.child, this.desired, 'exited');
    this.current = undefined;
    this.health?.stop();
    this.health = undefined;
    const exitCode = exitCodeOf(code, signal === null ? undefined : constants.signals[signal]);
    const ended = { pid: null, exitCode, finishedAt: new Date().toISOString(), ...(error ? { error } : {}) };
    const launch = this.driver.plan(this.desired);
    const restart =
      !this.stoppedByAgent &&
      this.desired.running &&
      launch.ok &&
      shouldRestart({ policy: this.desired.restartPolicy, exitCode, restartCount: this.state.restartCount });
    if (!restart || !launch.ok) return this.update({ status: 'exited', ...ended });
    const ranMs = Date.now() - running.startedAtMs;
    if (ranMs >= this.deps.backoff.resetAfterMs) this.quickFailures = 0;
    const delay = restartDelayMs(this.deps.backoff, this.quickFailures);
    this.quickFailures += 1;
    const restartCount = this.state.restartCount + 1;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      void this.startOrFail(launch, restartCount);
    }, delay);
    this.update({ status: 'restarting', ...ended });
  }

  private update(change: Partial<ObservedSandbox>): void {
    const next: ObservedSandbox = { ...this.state, ...change };
    if (next.error === undefined) delete next.error;
    const before = JSON.stringify(this.state);
    this.state = next;
    if (JSON.stringify(next) !== before) this.deps.changed();
  }
}
