import type { EventKind, Severity, SwitchyardEvent } from '@switchyard/contracts';
import type { Db, Tx } from '../db/client.js';
import type { LiveBus } from './live-bus.js';

export interface EventInput {
  kind: EventKind;
  severity: Severity;
  actor: string;
  subject?: string | null;
  message: string;
}

interface EventRow {
  id: string;
  at: Date;
  kind: string;
  severity: string;
  actor: string;
  subject: string | null;
  message: string;
}

export function toEventView(row: EventRow): SwitchyardEvent {
  return { ...row, at: row.at.toISOString() } as SwitchyardEvent;
}

/** The audit and event log: stored in the database, then published to live viewers. */
export class EventLog {
  constructor(
    private readonly db: Db,
    private readonly bus: LiveBus,
  ) {}

  async record(input: EventInput): Promise<SwitchyardEvent> {
    const event = await this.write(this.db, input);
    this.publish(event);
    return event;
  }

  /**
   * Makes a change and records its events in one transaction, then publishes them: the log never
   * tells of a change that was rolled back, nor misses one that was made.
   */
  async commit<T>(
    change: (tx: Tx) => Promise<T>,
    describe: (result: T) => EventInput | EventInput[],
  ): Promise<T> {
    const { result, events } = await this.db.$transaction(async (tx) => {
      const changed = await change(tx);
      const written: SwitchyardEvent[] = [];
      for (const input of [describe(changed)].flat()) written.push(await this.write(tx, input));
      return { result: changed, events: written };
    });
    for (const event of events) this.publish(event);
    return result;
  }

  /** Writes inside the caller's transaction; the caller publishes once the transaction commits. */
  write(tx: Tx | Db, input: EventInput): Promise<SwitchyardEvent> {
    return tx.event
      .create({ data: { ...input, subject: input.subject ?? null } })
      .then((row: EventRow) => toEventView(row));
  }

  publish(event: SwitchyardEvent): void {
    this.bus.emit('event.recorded', event);
  }
}
