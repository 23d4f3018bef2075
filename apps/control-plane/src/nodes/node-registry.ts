import {
  conditionSchema,
  type AgentHello,
  type Heartbeat,
  type NodeView,
  type ObservedState,
} from '@switchyard/contracts';
import { digestSecret, generateSecret } from '../auth/secrets.js';
import { findUsableJoinToken } from '../auth/join-tokens.js';
import type { Db, Tx } from '../db/client.js';
import type { EventLog } from '../events/event-log.js';
import type { LiveBus } from '../events/live-bus.js';
import { z } from 'zod';
import { readJsonColumn } from '../db/json-column.js';
import { ServiceError } from '../errors.js';
import { describeObject, loadObjectNames } from '../inventory/object-names.js';
import { conditionChanges, conditionEvents, driftEvent } from './condition-events.js';
import { toNodeView } from './node-view.js';

const labelsColumn = z.record(z.string(), z.string());
const conditionsColumn = z.array(conditionSchema);

export const nodeCredentialPrefix = 'synode';

/** Heartbeats arrive every few seconds; viewers get a node's fresh heartbeat at most this often. */
const heartbeatPublishIntervalMs = 5_000;

/** A join the control plane refuses; the message goes back to the agent as is. */
export class JoinRefusedError extends Error {
  constructor(reason: string) {
    super(`join refused: ${reason}`);
  }
}

export interface JoinResult {
  node: NodeView;
  /** Set on a first join (or a re-join with a join token): the agent keeps it for reconnects. */
  credential?: string;
}

/**
 * Nodes as the control plane sees them: who joined, whose heartbeats arrive, who went quiet.
 * Every change is stored, recorded as an event in the same transaction, then published live.
 */
export class NodeRegistry {
  private readonly heartbeatPublishedAt = new Map<string, number>();
  /** Each node's conditions as this registry last stored them; it is their only writer. */
  private readonly storedConditions = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly events: EventLog,
    private readonly bus: LiveBus,
  ) {}

  async join(token: string, hello: AgentHello, connected: (nodeId: string) => boolean): Promise<JoinResult> {
    const now = new Date();
    const existing = await this.db.node.findUnique({ where: { name: hello.name } });
    if (existing !== null && connected(existing.id)) {
      return this.refuse(hello, `a node named "${hello.name}" is already connected`);
    }
    const facts = {
      underlayAddress: hello.underlayAddress,
      capabilities: JSON.stringify(hello.capabilities),
      agentVersion: hello.agentVersion,
      kernelVersion: hello.kernelVersion,
      hostNetworks: JSON.stringify(hello.hostNetworks),
      status: 'ready',
      lastHeartbeatAt: now,
    };

    if (token.startsWith(`${nodeCredentialPrefix}-`)) {
      if (existing === null || existing.credentialHash !== digestSecret(token)) {
        return this.refuse(
          hello,
          `the node credential is not valid for "${hello.name}"; join again with a join token`,
        );
      }
      return this.commit(
        hello.name,
        'node.reconnected',
        `${hello.name} reconnected from ${hello.underlayAddress}`,
        (tx) => tx.node.update({ where: { id: existing.id }, data: facts }),
      );
    }

    if ((await findUsableJoinToken(this.db, token, now)) === null) {
      return this.refuse(hello, 'the join token is not valid (unknown, revoked or expired)');
    }
    const credential = generateSecret(nodeCredentialPrefix);
    const result = await this.commit(
      hello.name,
      'node.joined',
      `${hello.name} joined from ${hello.underlayAddress}`,
      async (tx) => {
        await tx.joinToken.update({ where: { tokenHash: digestSecret(token) }, data: { lastUsedAt: now } });
        const data = { ...facts, credentialHash: digestSecret(credential) };
        return tx.node.upsert({
          where: { name: hello.name },
          create: { name: hello.name, ...data },
          update: data,
        });
      },
    );
    return { ...result, credential };
  }

  async heartbeat(nodeId: string, _heartbeat: Heartbeat): Promise<void> {
    const before = await this.db.node.findUnique({ where: { id: nodeId }, select: { status: true } });
    const row = await this.db.node.update({
      where: { id: nodeId },
      data: { lastHeartbeatAt: new Date(), status: 'ready' },
    });
    // A change of state goes out at once; a mere heartbeat only now and then, so "last heartbeat"
    // stays truthful in the dashboard without a message per node every two seconds.
    const now = Date.now();
    const stale = now - (this.heartbeatPublishedAt.get(nodeId) ?? 0) >= heartbeatPublishIntervalMs;
    if (before?.status !== 'ready' || stale) {
      this.heartbeatPublishedAt.set(nodeId, now);
      this.bus.emit('node.changed', toNodeView(row));
    }
  }

  /**
   * Stores an agent's report. Drift it repaired and objects whose condition turned (ready to failing,
   * failing to ready) are recorded as the agent's events in the same transaction, so the log never
   * misses a turn nor tells one twice.
   */
  async observed(nodeId: string, report: ObservedState): Promise<void> {
    const conditions = JSON.stringify(report.conditions);
    // Most reports repeat the conditions last stored: then only the revision and time move.
    if (report.driftRepaired.length === 0 && this.storedConditions.get(nodeId) === conditions) {
      const updated = await this.db.node.update({
        where: { id: nodeId },
        data: { observedRevision: report.revision, observedAt: new Date(report.observedAt) },
      });
      this.bus.emit('node.changed', toNodeView(updated));
      return;
    }
    const row = await this.events.commit(
      async (tx) => {
        const before = await tx.node.findUniqueOrThrow({
          where: { id: nodeId },
          select: { conditions: true },
        });
        const changes = conditionChanges(
          readJsonColumn(conditionsColumn, before.conditions),
          report.conditions,
        );
        const updated = await tx.node.update({
          where: { id: nodeId },
          data: {
            observedRevision: report.revision,
            observedAt: new Date(report.observedAt),
            conditions,
          },
        });
        const keys = [...changes.map((change) => change.object), ...report.driftRepaired];
        const names = keys.length === 0 ? null : await loadObjectNames(tx, keys);
        return { updated, changes, names };
      },
      ({ updated, changes, names }) => {
        if (names === null) return [];
        const name = (key: string) => describeObject(key, names);
        return [
          ...(report.driftRepaired.length === 0
            ? []
            : [driftEvent(updated.name, report.driftRepaired, name)]),
          ...conditionEvents(updated.name, changes, name),
        ];
      },
    );
    this.storedConditions.set(nodeId, conditions);
    this.bus.emit('node.changed', toNodeView(row.updated));
  }

  async markDown(nodeId: string, reason: string): Promise<void> {
    const node = await this.db.node.findUnique({ where: { id: nodeId } });
    if (node === null || node.status === 'down') return;
    await this.commit(node.name, 'node.down', `${node.name} is down: ${reason}`, (tx) =>
      tx.node.update({ where: { id: nodeId }, data: { status: 'down' } }),
    );
  }

  /** Marks down every ready node whose last heartbeat is older than `silentForMs`. */
  async sweep(silentForMs: number, now = new Date()): Promise<void> {
    const cutoff = new Date(now.getTime() - silentForMs);
    const silent = await this.db.node.findMany({
      where: { status: 'ready', lastHeartbeatAt: { lt: cutoff } },
    });
    for (const node of silent)
      await this.markDown(node.id, `no heartbeat for ${Math.round(silentForMs / 1000)} s`);
  }

  /**
   * Changes a node's labels and availability (`docker node update`); with `version`, only while
   * the node is still at it. The reconciler follows: a drained node's tasks move away.
   */
  async update(
    idOrName: string,
    change: { labels?: Record<string, string>; availability?: 'active' | 'pause' | 'drain' },
    version: number | null,
    actor: string,
  ): Promise<NodeView> {
    const node = await this.db.node.findFirst({ where: { OR: [{ id: idOrName }, { name: idOrName }] } });
    if (node === null) throw new ServiceError('NOT_FOUND', `node ${idOrName} not found`, 'node');
    if (version !== null && version !== node.specVersion) {
      throw new ServiceError(
        'CONFLICT',
        `update out of sequence: node ${node.name} is at version ${node.specVersion}, not ${version}`,
        'version',
      );
    }
    const labels = change.labels ?? readJsonColumn(labelsColumn, node.labels);
    const availability = change.availability ?? node.availability;
    const row = await this.events.commit(
      (tx) =>
        tx.node.update({
          where: { id: node.id },
          data: { labels: JSON.stringify(labels), availability, specVersion: { increment: 1 } },
        }),
      () => ({
        kind: 'node.updated',
        severity: 'info',
        actor,
        subject: node.name,
        message: `${actor} updated node ${node.name}: availability ${availability}, labels ${JSON.stringify(labels)}`,
      }),
    );
    const view = toNodeView(row);
    this.bus.emit('node.changed', view);
    return view;
  }

  async list(): Promise<NodeView[]> {
    const rows = await this.db.node.findMany({ orderBy: { name: 'asc' } });
    return rows.map(toNodeView);
  }

  private async refuse(hello: AgentHello, reason: string): Promise<never> {
    const error = new JoinRefusedError(reason);
    await this.events.record({
      kind: 'agent.refused',
      severity: 'warning',
      actor: `node:${hello.name}`,
      subject: hello.name,
      message: `agent ${hello.name} at ${hello.underlayAddress}: ${error.message}`,
    });
    throw error;
  }

  private async commit(
    name: string,
    kind: 'node.joined' | 'node.reconnected' | 'node.down',
    message: string,
    change: (tx: Tx) => Promise<Parameters<typeof toNodeView>[0]>,
  ): Promise<JoinResult> {
    const row = await this.events.commit(change, () => ({
      kind,
      severity: kind === 'node.down' ? 'error' : 'info',
      actor: kind === 'node.down' ? 'system' : `node:${name}`,
      subject: name,
      message,
    }));
    const node = toNodeView(row);
    this.bus.emit('node.changed', node);
    return { node };
  }
}
