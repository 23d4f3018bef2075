import type { ObservedSandbox, ObservedState } from '@switchyard/contracts';
import type { Db } from '../db/client.js';
import type { EventInput, EventLog } from '../events/event-log.js';
import type { LiveBus, SandboxObservation } from '../events/live-bus.js';
import { ServiceError } from '../errors.js';

const observedFields = [
  'status',
  'pid',
  'exitCode',
  'startedAt',
  'finishedAt',
  'restartCount',
  'error',
  'health',
] as const;

/**
 * Stores what agents report about their sandboxes. A node that goes down keeps its containers'
 * last observed status: nothing here guesses.
 */
export class SandboxStatusStore {
  /**
   * Per node, each sandbox's observed fields as last reported: most reports repeat them (an agent
   * reports after every pass), and those need no transaction. This store is the only writer of
   * these fields, and every report lists all of its node's sandboxes.
   */
  private readonly lastReported = new Map<string, Map<string, string>>();

  constructor(
    private readonly db: Db,
    private readonly events: EventLog,
    private readonly bus: LiveBus,
  ) {}

  /**
   * Stores a report. Resolves whether a sandbox started, stopped or changed health, and how to
   * announce what changed (events, the dashboard, the service reconciler): the caller announces
   * once it has pushed the documents those changes make.
   */
  async record(nodeId: string, report: ObservedState): Promise<RecordedReport> {
    if (report.sandboxes.length === 0) return { turned: false, announce: () => undefined };
    const before = this.lastReported.get(nodeId);
    const reported = new Map(
      report.sandboxes.map((sandbox) => [
        sandbox.id,
        JSON.stringify(observedFields.map((field) => sandbox[field] ?? null)),
      ]),
    );
    const fresh = report.sandboxes.filter((sandbox) => before?.get(sandbox.id) !== reported.get(sandbox.id));
    const stored = fresh.length > 0 ? await this.store(nodeId, fresh) : undefined;
    this.lastReported.set(nodeId, reported);
    for (const sandbox of report.sandboxes) {
      this.bus.emit('sandbox.observed', { nodeId, revision: report.revision, sandbox });
    }
    return {
      turned: stored?.turned ?? false,
      announce: () => {
        if (stored === undefined) return;
        for (const event of stored.recorded) this.events.publish(event);
        for (const id of stored.changed) this.bus.emit('inventory.changed', { kind: 'container', id });
      },
    };
  }

  private async store(nodeId: string, sandboxes: readonly ObservedSandbox[]) {
    const observed = new Map(sandboxes.map((sandbox) => [sandbox.id, sandbox]));
    return this.db.$transaction(async (tx) => {
      const rows = await tx.sandbox.findMany({
        where: { nodeId, id: { in: [...observed.keys()] } },
        include: { node: { select: { name: true } } },
      });
      const changedIds: string[] = [];
      let turned = false;
      const events = [];
      for (const row of rows) {
        const sandbox = observed.get(row.id);
        if (sandbox === undefined) continue;
        const next = { ...sandbox, error: sandbox.error ?? null };
        if (observedFields.every((field) => row[field] === next[field])) continue;
        await tx.sandbox.update({
          where: { id: row.id },
          data: Object.fromEntries(observedFields.map((field) => [field, next[field]])),
        });
        changedIds.push(row.id);
        turned ||= row.status !== next.status || row.health !== next.health;
        const died = row.status === 'running' && (next.status === 'exited' || next.status === 'dead');
        if (died && row.desiredRunning)
          events.push(await this.events.write(tx, diedEvent(row.name, row.node.name, sandbox)));
      }
      return { changed: changedIds, recorded: events, turned };
    });
  }
}

export interface RecordedReport {
  /** A sandbox started, stopped or changed health: names and backends elsewhere change. */
  turned: boolean;
  announce(): void;
}

/** Told as the agent that saw it (`node:<name>`): the timeline shows it among what agents reported. */
function diedEvent(name: string, nodeName: string, sandbox: ObservedSandbox): EventInput {
  const why = sandbox.error ?? `exit code ${sandbox.exitCode ?? 'unknown'}`;
  return {
    kind: 'container.died',
    severity: 'warning',
    actor: `node:${nodeName}`,
    subject: name,
    message: `container ${name} died on ${nodeName} (${why})`,
  };
}

/** A wait for an agent's report on one sandbox; `minRevision` is set once the push is out. */
export interface SandboxWait {
  result: Promise<ObservedSandbox>;
  /** The revision that carries the change: reports of it or later count, including earlier ones. */
  expect(revision: number): void;
  cancel(): void;
}

/**
 * Waits for a report on the sandbox that answers at least the expected revision and that `settled`
 * accepts. Listening starts before the push, and reports that arrive before the revision is known
 * are kept: another request's push to the same node may carry this change and be answered first.
 */
export function awaitSandbox(
  bus: LiveBus,
  sandboxId: string,
  settled: (sandbox: ObservedSandbox) => boolean,
  timeoutMs: number,
  timeoutMessage: string,
): SandboxWait {
  let minRevision = Number.POSITIVE_INFINITY;
  const early: SandboxObservation[] = [];
  let consider: (observation: SandboxObservation) => void = () => undefined;
  let finish: () => void = () => undefined;
  const result = new Promise<ObservedSandbox>((resolve, reject) => {
    consider = (observation) => {
      if (observation.revision < minRevision || !settled(observation.sandbox)) return;
      finish();
      resolve(observation.sandbox);
    };
    const onObserved = (observation: SandboxObservation) => {
      if (observation.sandbox.id !== sandboxId) return;
      if (minRevision === Number.POSITIVE_INFINITY) early.push(observation);
      else consider(observation);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new ServiceError('UNAVAILABLE', timeoutMessage));
    }, timeoutMs);
    finish = () => {
      clearTimeout(timer);
      bus.off('sandbox.observed', onObserved);
    };
    bus.on('sandbox.observed', onObserved);
  });
  return {
    result,
    expect: (revision) => {
      minRevision = revision;
      for (const observation of early.splice(0)) consider(observation);
    },
    cancel: () => finish(),
  };
}
