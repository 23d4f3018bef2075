import {
  containerCreateSchema,
  containerRenameInputSchema,
  containerStatusSchema,
  nodeLabel,
  type ContainerCreateInput,
  type ContainerView,
  type ObservedSandbox,
} from '@switchyard/contracts';
import type { Tx } from '../db/client.js';
import { newDockerId } from '../inventory/ids.js';
import { findContainer, findNetwork } from '../inventory/lookup.js';
import { readNetwork, readSpec, type Network, type SandboxSpec } from '../inventory/rows.js';
import { containerViews } from './container-views.js';
import { placeContainer } from '../placement/placement.js';
import { isNetworkModeDriver, networkRequirements } from '../drivers/registry.js';
import { announce, type InventoryDeps } from '../inventory/deps.js';
import { nodeLoads } from '../nodes/node-loads.js';
import type { ContainerService, ContainerState, LogLine, ProcessList } from './api.js';
import { attachEndpoint, checkJoin } from '../networks/endpoints.js';
import { syncGwBridgeEndpoint } from '../networks/gwbridge.js';
import { nodesOnNetworks } from '../networks/peer-nodes.js';
import { ServiceError, parseInput } from '../errors.js';
import { runImage } from './images.js';
import { randomContainerName } from './names.js';
import { publishPorts, republishPorts } from './published-ports.js';
import { awaitSandbox } from './sandbox-status.js';

/** How long `start` waits for the agent to report the container running. */
const startTimeoutMs = 10_000;
const defaultStopSeconds = 10;

type SandboxRow = Awaited<ReturnType<typeof findContainer>>;

async function freeName(tx: Tx): Promise<string> {
  for (let attempt = 0; ; attempt += 1) {
    const name = randomContainerName(attempt);
    if ((await tx.sandbox.findUnique({ where: { name } })) === null) return name;
  }
}

/** host and none are network modes: alone, never combined with other networks. */
function networkMode(joins: Network[]): string {
  const modes = joins.filter((network) => isNetworkModeDriver(network.driver));
  if (modes.length > 0 && joins.length > 1) {
    throw new ServiceError(
      'BAD_REQUEST',
      `Container cannot be connected to network endpoints: ${joins.map((network) => network.name).join(', ')}`,
      'networks',
    );
  }
  const [first] = joins;
  if (first === undefined) return 'bridge';
  return first.driver === 'host' ? 'host' : first.driver === 'null' ? 'none' : first.name;
}

function isUp(status: string): boolean {
  return status === 'running' || status === 'restarting';
}

export class Containers implements ContainerService {
  constructor(private readonly deps: InventoryDeps) {}

  async create(input: ContainerCreateInput, actor: string): Promise<ContainerView> {
    const request = parseInput(containerCreateSchema, input);
    const asked = request.networks.length > 0 ? request.networks : [{ network: 'bridge', aliases: [] }];
    const created = await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          const image = await runImage(tx, request.image);
          const name = request.name ?? (await freeName(tx));
          const holder = await tx.sandbox.findUnique({ where: { name } });
          if (holder !== null) {
            throw new ServiceError(
              'CONFLICT',
              `Conflict. The container name "/${name}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`,
              'name',
            );
          }
          const joins: Network[] = [];
          for (const [index, join] of asked.entries()) {
            const network = readNetwork(await findNetwork(tx, join.network, `networks.${index}.network`));
            if (joins.some((other) => other.id === network.id)) {
              throw new ServiceError(
                'BAD_REQUEST',
                `network ${network.name} is given twice`,
                `networks.${index}.network`,
              );
            }
            checkJoin(network, join, `networks.${index}`);
            joins.push(network);
          }
          const mode = networkMode(joins);
          const local = joins.flatMap((network) =>
            network.nodeId === null ? [] : [{ name: network.name, nodeId: network.nodeId }],
          );
          // Swarm networks go wherever the container goes, as long as that node can realise them.
          const node = placeContainer(
            await nodeLoads(tx),
            local,
            request.labels[nodeLabel],
            joins.flatMap(networkRequirements),
            image.need,
          );
          const id = newDockerId();
          const exposed = new Map(
            [
              ...image.exposed,
              ...request.expose,
              ...request.ports.map((port) => ({ port: port.containerPort, protocol: port.protocol })),
            ].map((port) => [`${port.port}/${port.protocol}`, port]),
          );
          const spec: SandboxSpec = {
            image: request.image,
            command: request.command,
            env: request.env,
            labels: request.labels,
            restartPolicy: request.restartPolicy,
            ports: request.ports,
            publishAll: request.publishAll,
            expose: [...exposed.values()],
            dns: request.dns,
            dnsSearch: request.dnsSearch,
            autoRemove: request.autoRemove,
            healthCheck: image.healthCheck,
            imageId: image.imageId,
            entrypoint: request.entrypoint,
            user: request.user,
            workingDir: request.workingDir,
            stopSignal: request.stopSignal,
            stopTimeout: request.stopTimeout,
          };
          const row = await tx.sandbox.create({
            data: {
              id,
              name,
              nodeId: node.id,
              hostname: request.hostname ?? id.slice(0, 12),
              networkMode: mode,
              spec: JSON.stringify(spec),
            },
          });
          for (const [index, network] of joins.entries()) {
            const join = asked[index] ?? { aliases: [] };
            await attachEndpoint(tx, id, network, join, `networks.${index}`);
          }
          // Only an overlay gives a container a docker_gwbridge endpoint; a new one holds none to drop.
          if (joins.some((network) => network.driver === 'overlay')) {
            await syncGwBridgeEndpoint(tx, id, this.deps.config.defaultAddressPools);
          }
          // Published ports only mean something behind a bridge; Docker discards them otherwise.
          const firstBridge = joins.find((network) => network.driver === 'bridge');
          if (firstBridge !== undefined) await publishPorts(tx, row, spec, firstBridge, this.deps.config);
          const networkIds = joins.map((network) => network.id);
          // Other nodes hear of a new container only on the swarm networks (overlays) they share.
          const shared = joins.filter((network) => network.scope === 'swarm' || network.driver === 'overlay');
          const peers = await nodesOnNetworks(
            tx,
            shared.map((network) => network.id),
          );
          return { row, nodeName: node.name, networkIds, peers };
        },
        ({ row, nodeName }) => ({
          kind: 'container.created',
          severity: 'info',
          actor,
          subject: row.name,
          message: `${actor} created container ${row.name} (${request.image}) on ${nodeName}`,
        }),
      ),
    );
    await announce(
      this.deps,
      [
        { kind: 'container', id: created.row.id },
        ...created.networkIds.map((id) => ({ kind: 'network' as const, id })),
      ],
      [created.row.nodeId, ...created.peers],
    );
    return this.get(created.row.id);
  }

  async list(options: { all: boolean }): Promise<ContainerView[]> {
    const views = await containerViews(this.deps.db);
    return options.all ? views : views.filter((view) => isUp(view.status));
  }

  async get(idOrName: string): Promise<ContainerView> {
    const row = await findContainer(this.deps.db, idOrName);
    const [view] = await containerViews(this.deps.db, { id: row.id });
    if (view === undefined)
      throw new ServiceError('NOT_FOUND', `No such container: ${idOrName}`, 'container');
    return view;
  }

  async state(idOrName: string): Promise<ContainerState> {
    const row = await findContainer(this.deps.db, idOrName);
    const { id, exitCode, finishedAt } = row;
    return { id, status: containerStatusSchema.parse(row.status), exitCode, finishedAt };
  }

  async start(idOrName: string, actor: string): Promise<ContainerView> {
    const row = await findContainer(this.deps.db, idOrName);
    if (row.desiredRunning && isUp(row.status)) return this.get(row.id);
    const node = await this.requireConnected(row, 'start');
    const wait = awaitSandbox(
      this.deps.bus,
      row.id,
      // A new start shows as running, as an error, or as a run that already ended.
      (sandbox) =>
        isUp(sandbox.status) ||
        sandbox.error !== undefined ||
        (sandbox.status === 'exited' && sandbox.startedAt !== row.startedAt),
      startTimeoutMs,
      `container ${row.name} did not report running within ${startTimeoutMs / 1000} s on ${node}`,
    );
    const running = { desiredRunning: true, startGeneration: { increment: 1 } };
    try {
      // Without published ports there is nothing to settle again, and no lock or transaction to wait for.
      const spec = readSpec(row.spec);
      if (spec.ports.length === 0 && !spec.publishAll) {
        await this.deps.db.sandbox.update({ where: { id: row.id }, data: running });
      } else {
        await this.deps.lock.run(() =>
          this.deps.db.$transaction(async (tx) => {
            await republishPorts(tx, row, this.deps.config);
            await tx.sandbox.update({ where: { id: row.id }, data: running });
          }),
        );
      }
    } catch (error) {
      wait.cancel();
      throw error;
    }
    const observed = await this.pushAndWait(row, wait);
    if (observed.error !== undefined && !isUp(observed.status)) {
      await this.deps.db.sandbox.update({ where: { id: row.id }, data: { desiredRunning: false } });
      await announce(this.deps, [], [row.nodeId]);
      throw new ServiceError(
        'BAD_REQUEST',
        `cannot start container ${row.name}: ${observed.error}`,
        'container',
      );
    }
    await this.deps.events.record({
      kind: 'container.started',
      severity: 'info',
      actor,
      subject: row.name,
      message: `${actor} started container ${row.name} on ${node}`,
    });
    return this.get(row.id);
  }

  /**
   * The agent sends the workload's stop signal and, after its stop timeout, SIGKILL; a timeout given
   * here (`docker stop -t`) is kept by sending SIGKILL from here once it passes.
   */
  async stop(idOrName: string, actor: string, timeoutSeconds?: number): Promise<ContainerView> {
    const row = await findContainer(this.deps.db, idOrName);
    if (!row.desiredRunning && !isUp(row.status)) return this.get(row.id);
    const node = await this.requireConnected(row, 'stop');
    const waitMs = (Math.max(timeoutSeconds ?? defaultStopSeconds, defaultStopSeconds) + 5) * 1000;
    const wait = awaitSandbox(
      this.deps.bus,
      row.id,
      (sandbox) => !isUp(sandbox.status),
      waitMs,
      `container ${row.name} did not report stopped within ${waitMs / 1000} s on ${node}`,
    );
    await this.deps.db.sandbox.update({ where: { id: row.id }, data: { desiredRunning: false } });
    const deadline =
      timeoutSeconds === undefined || timeoutSeconds < 0
        ? undefined
        : setTimeout(() => {
            this.deps.agentHub
              .signal(row.nodeId, { sandboxId: row.id, signal: 'SIGKILL' })
              .catch((error: unknown) => console.error(`stop ${row.name}: SIGKILL not sent:`, error));
          }, timeoutSeconds * 1000);
    try {
      await this.pushAndWait(row, wait);
    } finally {
      clearTimeout(deadline);
    }
    await this.deps.events.record({
      kind: 'container.stopped',
      severity: 'info',
      actor,
      subject: row.name,
      message: `${actor} stopped container ${row.name} on ${node}`,
    });
    return this.get(row.id);
  }

  async remove(idOrName: string, options: { force: boolean }, actor: string): Promise<void> {
    const removed = await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          const row = await findContainer(tx, idOrName);
          if (!options.force && (row.desiredRunning || isUp(row.status))) {
            throw new ServiceError(
              'CONFLICT',
              `You cannot remove a running container ${row.id}. Stop the container before attempting removal or force remove`,
              'container',
            );
          }
          const networks = await tx.endpoint.findMany({
            where: { sandboxId: row.id },
            select: { networkId: true },
          });
          // Endpoints and published ports go with it (cascade): their addresses and ports are free again.
          await tx.sandbox.delete({ where: { id: row.id } });
          const networkIds = networks.map((endpoint) => endpoint.networkId);
          // Peers on swarm networks drop the removed endpoints from their neighbour and FDB entries.
          return { row, networkIds, peers: await nodesOnNetworks(tx, networkIds) };
        },
        ({ row }) => ({
          kind: 'container.removed',
          severity: 'info',
          actor,
          subject: row.name,
          message: `${actor} removed container ${row.name}${options.force ? ' (forced)' : ''}`,
        }),
      ),
    );
    await announce(
      this.deps,
      [
        { kind: 'container', id: removed.row.id },
        ...removed.networkIds.map((id) => ({ kind: 'network' as const, id })),
      ],
      [removed.row.nodeId, ...removed.peers],
    );
    // `rm -f` kills, as Docker's does: the removal alone would give the process its stop signal and
    // grace period (10 s for a PID 1 that ignores SIGTERM). Sent after the document, on the same channel.
    if (options.force && isUp(removed.row.status)) {
      void this.deps.agentHub
        .signal(removed.row.nodeId, { sandboxId: removed.row.id, signal: 'SIGKILL' })
        .catch(() => undefined);
    }
  }

  async rename(idOrName: string, newName: string, actor: string): Promise<ContainerView> {
    const { name } = parseInput(containerRenameInputSchema, { container: idOrName, name: newName });
    const renamed = await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          const row = await findContainer(tx, idOrName);
          if (row.name === name) {
            throw new ServiceError(
              'BAD_REQUEST',
              'Renaming a container with the same name as its current name',
              'name',
            );
          }
          const holder = await tx.sandbox.findUnique({ where: { name } });
          if (holder !== null) {
            throw new ServiceError(
              'CONFLICT',
              `Conflict. The container name "/${name}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`,
              'name',
            );
          }
          await tx.sandbox.update({ where: { id: row.id }, data: { name } });
          const networks = await tx.endpoint.findMany({
            where: { sandboxId: row.id },
            select: { networkId: true },
          });
          const networkIds = networks.map((endpoint) => endpoint.networkId);
          // Every node with a peer on these networks answers the container's name in its DNS.
          return { row, networkIds, peers: await nodesOnNetworks(tx, networkIds) };
        },
        ({ row }) => ({
          kind: 'container.renamed',
          severity: 'info',
          actor,
          subject: name,
          message: `${actor} renamed container ${row.name} to ${name}`,
        }),
      ),
    );
    await announce(
      this.deps,
      [
        { kind: 'container', id: renamed.row.id },
        ...renamed.networkIds.map((id) => ({ kind: 'network' as const, id })),
      ],
      [renamed.row.nodeId, ...renamed.peers],
    );
    return this.get(renamed.row.id);
  }

  async logs(idOrName: string, options: { tail: number | null }): Promise<LogLine[]> {
    const row = await findContainer(this.deps.db, idOrName);
    await this.requireConnected(row, 'read the logs of');
    let reply;
    try {
      reply = await this.deps.agentHub.logs(row.nodeId, { sandboxId: row.id, tail: options.tail });
    } catch (error) {
      throw new ServiceError(
        'UNAVAILABLE',
        `the agent did not send the logs of ${row.name}: ${String(error)}`,
      );
    }
    if (reply === null)
      throw new ServiceError('UNAVAILABLE', `the node of container ${row.name} is not connected`);
    if (!reply.ok) throw new ServiceError('NOT_FOUND', reply.error, 'container');
    return reply.lines;
  }

  async top(idOrName: string): Promise<ProcessList> {
    const row = await this.requireRunning(idOrName);
    await this.requireConnected(row, 'list the processes of');
    const reply = await this.deps.agentHub.top(row.nodeId, { sandboxId: row.id }).catch((error: unknown) => {
      throw new ServiceError(
        'UNAVAILABLE',
        `the agent did not list the processes of ${row.name}: ${String(error)}`,
      );
    });
    if (reply === null)
      throw new ServiceError('UNAVAILABLE', `the node of container ${row.name} is not connected`);
    if (!reply.ok) throw new ServiceError('CONFLICT', reply.error, 'container');
    return { titles: reply.titles, processes: reply.processes };
  }

  async kill(idOrName: string, signal: string, actor: string): Promise<void> {
    const row = await this.requireRunning(idOrName);
    const node = await this.requireConnected(row, 'kill');
    const reply = await this.deps.agentHub
      .signal(row.nodeId, { sandboxId: row.id, signal })
      .catch((error: unknown) => {
        throw new ServiceError('UNAVAILABLE', `the agent did not signal ${row.name}: ${String(error)}`);
      });
    if (reply === null)
      throw new ServiceError('UNAVAILABLE', `the node of container ${row.name} is not connected`);
    if (!reply.ok) throw new ServiceError('CONFLICT', reply.error, 'container');
    await this.deps.events.record({
      kind: 'container.killed',
      severity: 'info',
      actor,
      subject: row.name,
      message: `${actor} sent ${signal} to container ${row.name} on ${node}`,
    });
  }

  private async requireRunning(idOrName: string): Promise<SandboxRow> {
    const row = await findContainer(this.deps.db, idOrName);
    if (row.status !== 'running') {
      throw new ServiceError('CONFLICT', `Container ${row.id} is not running`, 'container');
    }
    return row;
  }

  private async requireConnected(row: SandboxRow, what: string): Promise<string> {
    const node = await this.deps.db.node.findUniqueOrThrow({ where: { id: row.nodeId } });
    if (!this.deps.agentHub.isConnected(row.nodeId)) {
      throw new ServiceError(
        'UNAVAILABLE',
        `node ${node.name} is down: cannot ${what} container ${row.name} until its agent reconnects`,
      );
    }
    return node.name;
  }

  private async pushAndWait(
    row: SandboxRow,
    wait: ReturnType<typeof awaitSandbox>,
  ): Promise<ObservedSandbox> {
    const revision = await this.deps.agentHub.push(row.nodeId);
    this.deps.bus.emit('inventory.changed', { kind: 'container', id: row.id });
    if (revision === null) {
      wait.cancel();
      throw new ServiceError('UNAVAILABLE', `the node of container ${row.name} disconnected`);
    }
    wait.expect(revision);
    return wait.result;
  }
}
