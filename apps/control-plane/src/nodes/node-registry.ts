import {
  certificateRefusedPrefix,
  conditionSchema,
  joinRefusedPrefix,
  type AgentHello,
  type Heartbeat,
  type NodeCertificate,
  type NodeView,
  type ObservedState,
} from '@switchyard/contracts';
import { CsrError, type CertificateIdentity, type IssuedCertificate } from '@switchyard/pki';
import { digestSecret } from '../auth/secrets.js';
import { findUsableJoinToken } from '../auth/join-tokens.js';
import type { Db, Tx } from '../db/client.js';
import type { EventLog } from '../events/event-log.js';
import type { LiveBus } from '../events/live-bus.js';
import type { CertificateStore } from '../pki/certificate-store.js';
import { z } from 'zod';
import { readJsonColumn } from '../db/json-column.js';
import { ServiceError } from '../errors.js';
import { describeObject, loadObjectNames } from '../inventory/object-names.js';
import { conditionChanges, conditionEvents, driftEvent } from './condition-events.js';
import { toNodeView } from './node-view.js';
import { downReason, type LivenessTiming } from './liveness.js';

const labelsColumn = z.record(z.string(), z.string());
const conditionsColumn = z.array(conditionSchema);

/** Heartbeats arrive every few seconds; viewers get a node's fresh heartbeat at most this often. */
const heartbeatPublishIntervalMs = 5_000;

/** A join the control plane refuses; the message goes back to the agent as is. */
export class JoinRefusedError extends Error {
  constructor(reason: string, prefix: string = joinRefusedPrefix) {
    super(`${prefix} ${reason}`);
  }
}

/** A node certificate no longer admitted: its agent stops rather than join again by itself. */
export class CertificateRefusedError extends JoinRefusedError {
  constructor(reason: string) {
    super(reason, certificateRefusedPrefix);
  }
}

export interface JoinResult {
  node: NodeView;
  /** Set on a join by token: the certificate the agent presents from then on. */
  certificate?: NodeCertificate;
}

function nodeCertificate(issued: IssuedCertificate): NodeCertificate {
  return { certPem: issued.certPem, notAfter: issued.notAfter.toISOString() };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'P2002';
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
    private readonly certificates: CertificateStore,
    private readonly certificateTtlMs: number,
  ) {}

  /**
   * A new node, by join token: its certificate, for the key in `csr`, is issued in the same
   * transaction. A name already in the cluster is never taken over, connected or not: an admin
   * removes that node first, which revokes its certificate.
   */
  async join(token: string, csr: string, hello: AgentHello, peer: string): Promise<JoinResult> {
    const now = new Date();
    if ((await findUsableJoinToken(this.db, token, now)) === null) {
      return this.refuse(hello, peer, 'the join token is not valid (unknown, revoked or expired)');
    }
    const nameTaken = `a node named ${hello.name} is already in the cluster; remove it (docker node rm / dashboard) before joining another host under that name`;
    if ((await this.db.node.findUnique({ where: { name: hello.name } })) !== null) {
      return this.refuse(hello, peer, nameTaken);
    }
    try {
      const { row, issued } = await this.events.commit(
        async (tx) => {
          await tx.joinToken.update({ where: { tokenHash: digestSecret(token) }, data: { lastUsedAt: now } });
          const created = await tx.node.create({ data: { name: hello.name, ...nodeFacts(hello, now) } });
          return {
            row: created,
            issued: await this.certificates.issueNode(created.id, csr, this.certificateTtlMs, tx),
          };
        },
        ({ issued }) => ({
          kind: 'node.joined',
          severity: 'info',
          actor: `node:${hello.name}`,
          subject: hello.name,
          message: `${hello.name} joined from ${hello.underlayAddress} and was issued certificate ${issued.serial}`,
        }),
      );
      const node = toNodeView(row);
      this.bus.emit('node.changed', node);
      return { node, certificate: nodeCertificate(issued) };
    } catch (error) {
      if (error instanceof CsrError) return this.refuse(hello, peer, error.message);
      // Two joins under one name at once: the unique name lets only the first in.
      if (isUniqueViolation(error)) return this.refuse(hello, peer, nameTaken);
      throw error;
    }
  }

  /**
   * A node back with the certificate it was issued (TLS verified the chain, CertificateStore that it
   * is still admitted): it must say the name the node has.
   */
  async reconnect(identity: CertificateIdentity, hello: AgentHello, peer: string): Promise<JoinResult> {
    const existing = await this.db.node.findUnique({ where: { id: identity.commonName } });
    if (existing === null) {
      return this.refuse(hello, peer, `node ${identity.commonName} is not in the cluster`, true);
    }
    if (existing.name !== hello.name) {
      return this.refuse(
        hello,
        peer,
        `certificate ${identity.serial} is node ${existing.name}'s, not ${hello.name}'s`,
        true,
      );
    }
    return this.commit(
      hello.name,
      'node.reconnected',
      `${hello.name} reconnected from ${hello.underlayAddress} over mutual TLS with certificate ${identity.serial}`,
      (tx) => tx.node.update({ where: { id: existing.id }, data: nodeFacts(hello, new Date()) }),
    );
  }

  /** A new certificate for a connected node's new key; the old one stays valid until it expires. */
  async renew(nodeId: string, csr: string): Promise<NodeCertificate> {
    const node = await this.db.node.findUniqueOrThrow({ where: { id: nodeId } });
    const issued = await this.events.commit(
      (tx) => this.certificates.issueNode(nodeId, csr, this.certificateTtlMs, tx),
      (certificate) => ({
        kind: 'node.certificate.renewed',
        severity: 'info',
        actor: `node:${node.name}`,
        subject: node.name,
        message: `${node.name} renewed its certificate: ${certificate.serial}, valid until ${certificate.notAfter.toISOString()}`,
      }),
    );
    return nodeCertificate(issued);
  }

  /**
   * Forgets a node that is down and holds nothing, revoking its certificates in the same
   * transaction: its agent is refused from then on, and may join again only with a join token.
   */
  async remove(nodeId: string, actor: string): Promise<{ name: string }> {
    const node = await this.db.node.findUnique({ where: { id: nodeId } });
    if (node === null) throw new ServiceError('NOT_FOUND', `no node with id ${nodeId}`, 'id');
    if (node.status === 'ready') {
      // An agent just stopped may come back: its node counts as down only after the silence.
      throw new ServiceError(
        'CONFLICT',
        `${node.name} is ready: stop its agent, then remove the node once it is down (no heartbeat for SWITCHYARD_NODE_DOWN_AFTER)`,
        'id',
      );
    }
    const [containers, networks] = await Promise.all([
      this.db.sandbox.count({ where: { nodeId: node.id } }),
      this.db.network.count({ where: { nodeId: node.id } }),
    ]);
    if (containers + networks > 0) {
      throw new ServiceError(
        'CONFLICT',
        `${node.name} still has ${containers} container(s) and ${networks} network(s): remove them first`,
        'id',
      );
    }
    await this.events.commit(
      async (tx) => {
        await tx.node.delete({ where: { id: node.id } });
        return this.certificates.revokeNode(node.id, tx);
      },
      (revoked) => ({
        kind: 'node.removed',
        severity: 'info',
        actor,
        subject: node.name,
        message: `${actor} removed node ${node.name} and revoked its ${revoked} certificate(s)`,
      }),
    );
    this.heartbeatPublishedAt.delete(node.id);
    this.storedConditions.delete(node.id);
    return { name: node.name };
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
            : [driftEvent(updated.name, report.driftRepaired, name, report.drift)]),
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

  /** Marks down every ready node that has been silent too long (see downReason); returns their ids. */
  async sweep(timing: LivenessTiming, now = Date.now()): Promise<string[]> {
    const ready = await this.db.node.findMany({
      where: { status: 'ready' },
      select: { id: true, lastHeartbeatAt: true },
    });
    const down: string[] = [];
    for (const node of ready) {
      const reason = downReason(node.lastHeartbeatAt, timing, now);
      if (reason === null) continue;
      await this.markDown(node.id, reason);
      down.push(node.id);
    }
    return down;
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

  private async refuse(hello: AgentHello, peer: string, reason: string, certificate = false): Promise<never> {
    const error = certificate ? new CertificateRefusedError(reason) : new JoinRefusedError(reason);
    await this.events.record({
      kind: 'agent.refused',
      severity: 'warning',
      actor: `node:${hello.name}`,
      subject: hello.name,
      message: `agent ${hello.name} at ${peer}: ${error.message}`,
    });
    throw error;
  }

  private async commit(
    name: string,
    kind: 'node.reconnected' | 'node.down',
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

/** What an agent's hello says about its host, stored on the node at every connection. */
function nodeFacts(hello: AgentHello, now: Date) {
  return {
    underlayAddress: hello.underlayAddress,
    capabilities: JSON.stringify(hello.capabilities),
    agentVersion: hello.agentVersion,
    kernelVersion: hello.kernelVersion,
    hostNetworks: JSON.stringify(hello.hostNetworks),
    status: 'ready',
    lastHeartbeatAt: now,
  };
}
