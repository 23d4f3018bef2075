import {
  meshNetworkLabel,
  routeInputSchema,
  type RouteInput,
  type RouteSpec,
  type RouteView,
} from '@switchyard/contracts';
import type { Tx } from '../db/client.js';
import { findService } from '../inventory/lookup.js';
import { announce, type InventoryDeps } from '../inventory/deps.js';
import type { RouteService } from './api.js';
import { meshedNodes } from '../compiler/mesh-networks.js';
import { ServiceError, parseInput } from '../errors.js';
import type { RouteCounterStore } from './route-counters.js';
import { sniProblem } from './route-rules.js';
import {
  checkDefaultFree,
  checkHostnameFree,
  findRoute,
  routeChange,
  routeEvent,
  type RouteChange,
} from './route-store.js';
import { routeViews } from './route-views.js';

function parseRoute(input: RouteInput): RouteSpec {
  const spec = parseInput(routeInputSchema, input);
  const problem = sniProblem(spec);
  if (problem !== null) throw new ServiceError('BAD_REQUEST', problem.message, problem.field);
  return spec;
}

/** Label routes follow their service's labels; changing one here would be undone by the next update. */
function checkEditable(row: Awaited<ReturnType<typeof findRoute>>): void {
  if (row.source !== 'label') return;
  throw new ServiceError(
    'BAD_REQUEST',
    `route ${row.hostname} comes from the ${meshNetworkLabel} labels of service ${row.service.name}: change the service's labels instead (docker service update --label-add/--label-rm ... ${row.service.name})`,
    'route',
  );
}

/** Checks the spec against the other routes and resolves its service; `except`: the route being changed. */
async function settle(tx: Tx, spec: RouteSpec, except: string | null) {
  const service = await findService(tx, spec.service);
  await checkHostnameFree(tx, spec.hostname, except);
  if (spec.isDefault) await checkDefaultFree(tx, except);
  return {
    service,
    data: {
      hostname: spec.hostname,
      serviceId: service.id,
      internalPort: spec.internalPort,
      protocol: spec.protocol,
      stickyCookie: spec.stickyCookie,
      redirect: spec.redirect,
      isDefault: spec.isDefault,
    },
  };
}

/** The HTTP routing mesh's routes, served by the proxy on every meshed host. */
export class Routes implements RouteService {
  constructor(
    private readonly deps: InventoryDeps,
    private readonly counters: RouteCounterStore,
  ) {}

  list(): Promise<RouteView[]> {
    return routeViews(this.deps.db, this.counters);
  }

  async get(idOrHostname: string): Promise<RouteView> {
    const row = await findRoute(this.deps.db, idOrHostname);
    const [view] = await routeViews(this.deps.db, this.counters, { id: row.id });
    if (view === undefined) throw new ServiceError('NOT_FOUND', `No such route: ${idOrHostname}`, 'route');
    return view;
  }

  async create(input: RouteInput, actor: string): Promise<RouteView> {
    const spec = parseRoute(input);
    const change = await this.write(async (tx) => {
      const { service, data } = await settle(tx, spec, null);
      const row = await tx.route.create({ data: { ...data, source: 'api' } });
      return routeChange('route.created', row, service.name);
    }, actor);
    return this.get(change.id);
  }

  async update(idOrHostname: string, input: RouteInput, actor: string): Promise<RouteView> {
    const spec = parseRoute(input);
    const change = await this.write(async (tx) => {
      const current = await findRoute(tx, idOrHostname);
      checkEditable(current);
      const { service, data } = await settle(tx, spec, current.id);
      const row = await tx.route.update({ where: { id: current.id }, data });
      return routeChange('route.updated', row, service.name);
    }, actor);
    return this.get(change.id);
  }

  async remove(idOrHostname: string, actor: string): Promise<void> {
    await this.write(async (tx) => {
      const row = await findRoute(tx, idOrHostname);
      checkEditable(row);
      await tx.route.delete({ where: { id: row.id } });
      return routeChange('route.removed', row, row.service.name);
    }, actor);
  }

  /** Writes one route with its event, then pushes every meshed node (each serves every route). */
  private async write(change: (tx: Tx) => Promise<RouteChange>, actor: string): Promise<RouteChange> {
    const written = await this.deps.lock.run(() =>
      this.deps.events.commit(change, (done) => routeEvent(done, actor)),
    );
    await announce(this.deps, [{ kind: 'route', id: written.id }], await meshedNodes(this.deps.db));
    return written;
  }
}
