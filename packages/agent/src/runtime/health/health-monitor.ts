import type { DesiredSandbox, HealthStatus } from '@switchyard/contracts';
import { nextHealth, startingHealth, type HealthState } from './health-state.js';
import type { HealthCheck } from '@switchyard/contracts';
import { probeCommand, runProbe, type ProbeCommand } from './probe.js';

/**
 * Runs one sandbox's health check every interval while its process runs: one short probe process
 * per interval (never overlapping), and a report only when the status changes.
 */
export class HealthMonitor {
  private timer: NodeJS.Timeout | undefined;
  private state: HealthState = startingHealth;
  private stopped = false;
  private readonly startedAtMs = Date.now();

  constructor(
    private readonly sandbox: () => DesiredSandbox,
    private readonly report: (status: HealthStatus) => void,
    /** The probe's command; default: in the sandbox's namespace on the host. */
    private readonly command: (check: HealthCheck, sandbox: DesiredSandbox) => ProbeCommand | undefined = (
      check,
      sandbox,
    ) => probeCommand(check, sandbox.netns),
  ) {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  private schedule(): void {
    const check = this.sandbox().healthCheck;
    if (check === null || this.stopped) return;
    this.timer = setTimeout(() => void this.probe(), check.intervalMs);
  }

  private async probe(): Promise<void> {
    const sandbox = this.sandbox();
    const check = sandbox.healthCheck;
    const command = check === null ? undefined : this.command(check, sandbox);
    if (check === null || command === undefined) return;
    const ok = await runProbe(command, check.timeoutMs);
    if (this.stopped) return;
    const next = nextHealth(this.state, ok, Date.now() - this.startedAtMs, check);
    if (next.status !== this.state.status) this.report(next.status);
    this.state = next;
    this.schedule();
  }
}
