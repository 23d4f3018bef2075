import type { ServiceSpecInput, ServiceView, TaskView } from '@switchyard/contracts';
import { findService } from '../inventory/lookup.js';
import { announce, type InventoryDeps } from '../inventory/deps.js';
import type { ServiceLogLine, ServiceService } from './api.js';
import { meshedNodes } from '../compiler/mesh-networks.js';
import { ServiceError } from '../errors.js';
import { routesFromLabels } from '../routes/label-routes.js';
import { routeChange, routeEvent, syncLabelRoutes, type RouteChange } from '../routes/route-store.js';
import { reservedPorts, settleServicePorts } from './published-ports.js';
import { holdEndpoints, nodesShowing, portsHeldByOthers } from './service-endpoints.js';
import type { ServiceReconciler } from '../scheduler/reconciler.js';
import { resolveServiceNetworks, settledSpec } from './service-networks.js';
import { parseSpec, taskFields } from './service-spec.js';
import { readServiceSpec } from './spec-row.js';
import { allTasks, serviceViews } from './service-views.js';

export class Services implements ServiceService {
  constructor(
    private readonly deps: InventoryDeps,
    private readonly reconciler: ServiceReconciler,
  ) {}

  async create(input: ServiceSpecInput, actor: string): Promise<ServiceView> {
    const spec = parseSpec(input);
    const labelRoutes = routesFromLabels(spec.labels);
    const { row, routes } = await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          if ((await tx.service.findUnique({ where: { name: spec.name } })) !== null) {
            throw new ServiceError('CONFLICT', `service ${spec.name} already exists`, 'name');
          }
          const networks = await resolveServiceNetworks(tx, spec);
          const ports = settleServicePorts(
            spec.ports,
            await portsHeldByOthers(tx, null, this.deps.config),
            [],
            reservedPorts(this.deps.config),
          );
          const stored = settledSpec({ ...spec, ports }, networks);
          const created = await tx.service.create({
            data: {
              name: spec.name,
              mode: spec.mode,
              replicas: spec.replicas,
              spec: JSON.stringify(stored),
              endpointMode: spec.endpointMode,
              labels: JSON.stringify(spec.labels),
            },
          });
          await holdEndpoints(tx, created.id, stored, networks, ports);
          return { row: created, routes: await syncLabelRoutes(tx, created, labelRoutes) };
        },
        ({ row: created, routes: written }) => [
          {
            kind: 'service.created',
            severity: 'info',
            actor,
            subject: created.name,
            message: `${actor} created service ${created.name} (${spec.image}, ${spec.mode === 'global' ? 'global' : `${spec.replicas} replicas`})`,
          },
          ...written.map((change) => routeEvent(change, actor)),
        ],
      ),
    );
    const touched = await this.routesTouched(routes);
    await announce(this.deps, [{ kind: 'service', id: row.id }, ...touched.changes], touched.nodes);
    await this.reconciler.kick();
    return this.get(row.id);
  }

  list(): Promise<ServiceView[]> {
    return serviceViews(this.deps.db);
  }

  async get(idOrName: string): Promise<ServiceView> {
    const row = await findService(this.deps.db, idOrName);
    const [view] = await serviceViews(this.deps.db, { id: row.id });
    if (view === undefined) throw new ServiceError('NOT_FOUND', `No such service: ${idOrName}`, 'service');
    return view;
  }

  async update(
    idOrName: string,
    input: ServiceSpecInput,
    version: number | null,
    actor: string,
  ): Promise<ServiceView> {
    const spec = parseSpec(input);
    const labelRoutes = routesFromLabels(spec.labels);
    const { row, pushed, routes, routed } = await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          const current = await findService(tx, idOrName);
          if (version !== null && version !== current.specIndex) {
            throw new ServiceError(
              'CONFLICT',
              `update out of sequence: service ${current.name} is at version ${current.specIndex}, not ${version}`,
              'version',
            );
          }
          if (spec.name !== current.name) {
            throw new ServiceError('BAD_REQUEST', `service ${current.name} cannot be renamed`, 'name');
          }
          const previous = readServiceSpec(current.spec);
          const networks = await resolveServiceNetworks(tx, spec);
          const ports = settleServicePorts(
            spec.ports,
            await portsHeldByOthers(tx, current.id, this.deps.config),
            previous.ports.flatMap((port) =>
              port.publishedPort === null ? [] : [{ ...port, publishedPort: port.publishedPort }],
            ),
            reservedPorts(this.deps.config),
          );
          const stored = settledSpec({ ...spec, ports }, networks);
          const changed = taskFields.some(
            (field) => JSON.stringify(stored[field]) !== JSON.stringify(previous[field]),
          );
          const live = await tx.task.count({ where: { serviceId: current.id, desired: 'running' } });
          const now = new Date().toISOString();
          const updated = await tx.service.update({
            where: { id: current.id },
            data: {
              mode: stored.mode,
              replicas: stored.replicas,
              spec: JSON.stringify(stored),
              endpointMode: stored.endpointMode,
              labels: JSON.stringify(stored.labels),
              version: changed ? current.version + 1 : current.version,
              specIndex: current.specIndex + 1,
              ...(changed && live > 0
                ? {
                    updateStatus: JSON.stringify({
                      state: 'updating',
                      startedAt: now,
                      completedAt: null,
                      message: 'update in progress',
                      done: 0,
                      total: stored.mode === 'replicated' ? stored.replicas : live,
                    }),
                  }
                : {}),
            },
          });
          await holdEndpoints(tx, current.id, stored, networks, ports);
          // Nodes that showed the old VIPs and ports, and those that show the new ones; a mere scale
          // changes neither, and the reconciler pushes what its new and stopped tasks touch.
          const shown = changed
            ? [
                ...(await nodesShowing(tx, current.id, previous)),
                ...(await nodesShowing(tx, current.id, stored)),
              ]
            : [];
          const routes = await syncLabelRoutes(tx, updated, labelRoutes);
          // Any route of the service may become routable or not with its networks.
          const routed = await tx.route.findMany({ where: { serviceId: current.id }, select: { id: true } });
          return { row: updated, rolled: changed, pushed: shown, routes, routed };
        },
        ({ row: updated, rolled: changed, routes: written }) => [
          {
            kind: 'service.updated',
            severity: 'info',
            actor,
            subject: updated.name,
            message: `${actor} updated service ${updated.name}${changed ? ` (rolling to version ${updated.version})` : ''}`,
          },
          ...written.map((change) => routeEvent(change, actor)),
        ],
      ),
    );
    const touched = await this.routesTouched(routes, routed);
    await announce(
      this.deps,
      [{ kind: 'service', id: row.id }, ...touched.changes],
      [...pushed, ...touched.nodes],
    );
    await this.reconciler.kick();
    return this.get(row.id);
  }

  async scale(idOrName: string, replicas: number, actor: string): Promise<ServiceView> {
    const row = await findService(this.deps.db, idOrName);
    const spec = readServiceSpec(row.spec);
    if (spec.mode !== 'replicated') {
      throw new ServiceError(
        'BAD_REQUEST',
        `scale can only be used with replicated mode: ${row.name} is global`,
        'replicas',
      );
    }
    return this.update(row.id, { ...spec, replicas }, null, actor);
  }

  async remove(idOrName: string, actor: string): Promise<void> {
    const removed = await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          const row = await findService(tx, idOrName);
          const nodes = await nodesShowing(tx, row.id, readServiceSpec(row.spec));
          const tasks = await tx.task.findMany({
            where: { serviceId: row.id, sandboxId: { not: null } },
            select: { sandboxId: true },
          });
          // Task sandboxes go first (their endpoints with them); the service takes tasks, VIPs and ports along.
          await tx.sandbox.deleteMany({
            where: { id: { in: tasks.flatMap((task) => (task.sandboxId === null ? [] : [task.sandboxId])) } },
          });
          // Its routes go with it (the rows cascade); each removal is recorded.
          const routes = (await tx.route.findMany({ where: { serviceId: row.id } })).map((route) =>
            routeChange('route.removed', route, row.name),
          );
          await tx.service.delete({ where: { id: row.id } });
          return { row, nodes, routes };
        },
        ({ row, routes }) => [
          ...routes.map((change) => routeEvent(change, actor)),
          {
            kind: 'service.removed',
            severity: 'info',
            actor,
            subject: row.name,
            message: `${actor} removed service ${row.name}`,
          },
        ],
      ),
    );
    const touched = await this.routesTouched(removed.routes);
    await announce(
      this.deps,
      [{ kind: 'service', id: removed.row.id }, ...touched.changes],
      [...removed.nodes, ...touched.nodes],
    );
  }

  /**
   * What label routes written add to an announcement (every meshed node's proxy serves every
   * route), with other routes whose views changed.
   */
  private async routesTouched(routes: RouteChange[], others: { id: string }[] = []) {
    const ids = new Set([...routes, ...others].map((route) => route.id));
    return {
      changes: [...ids].map((id) => ({ kind: 'route' as const, id })),
      nodes: routes.length === 0 ? [] : await meshedNodes(this.deps.db),
    };
  }

  tasks(): Promise<TaskView[]> {
    return allTasks(this.deps.db);
  }

  async logs(idOrName: string, options: { tail: number | null }): Promise<ServiceLogLine[]> {
    const row = await findService(this.deps.db, idOrName);
    const tasks = await this.deps.db.task.findMany({
      where: { serviceId: row.id, desired: 'running', sandboxId: { not: null }, nodeId: { not: null } },
    });
    const replies = await Promise.all(
      tasks.map(async (task) => {
        if (task.nodeId === null || task.sandboxId === null) return [];
        const nodeId = task.nodeId;
        // A task on a node that is down, or that does not answer, simply contributes no lines.
        const reply = await this.deps.agentHub
          .logs(nodeId, { sandboxId: task.sandboxId, tail: options.tail })
          .catch(() => null);
        return reply?.ok === true ? reply.lines.map((line) => ({ ...line, taskId: task.id, nodeId })) : [];
      }),
    );
    return replies.flat().sort((a, b) => a.at.localeCompare(b.at));
  }
}
