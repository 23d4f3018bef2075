import type { Db, Tx } from '../db/client.js';
import type { EventInput } from '../events/event-log.js';
import { ServiceError } from '../errors.js';
import type { LabelRoute } from './label-routes.js';

/** One route written, for its event and live update. */
export interface RouteChange {
  kind: 'route.created' | 'route.updated' | 'route.removed';
  id: string;
  hostname: string;
  serviceName: string;
  internalPort: number;
  protocol: string;
  source: string;
}

export function routeEvent(change: RouteChange, actor: string): EventInput {
  const verb = change.kind.slice('route.'.length);
  const origin = change.source === 'label' ? `, from the labels of service ${change.serviceName}` : '';
  return {
    kind: change.kind,
    severity: 'info',
    actor,
    subject: change.hostname,
    message: `${actor} ${verb} route ${change.hostname} -> ${change.serviceName}:${change.internalPort} (${change.protocol}${origin})`,
  };
}

/** A route by id, else by hostname (hostnames are stored lower-case). */
export async function findRoute(tx: Tx | Db, key: string) {
  const trimmed = key.trim();
  const include = { service: { select: { name: true } } } as const;
  const row =
    (await tx.route.findUnique({ where: { id: trimmed }, include })) ??
    (await tx.route.findUnique({ where: { hostname: trimmed.toLowerCase() }, include }));
  if (row === null) throw new ServiceError('NOT_FOUND', `No such route: ${trimmed}`, 'route');
  return row;
}

/** Refuses a hostname another route holds (`except`: the route being changed), naming its service. */
export async function checkHostnameFree(
  tx: Tx,
  hostname: string,
  except: string | null,
  refuse: (message: string) => ServiceError = (message) => new ServiceError('CONFLICT', message, 'hostname'),
): Promise<void> {
  const holder = await tx.route.findUnique({
    where: { hostname },
    include: { service: { select: { name: true } } },
  });
  if (holder !== null && holder.id !== except) {
    throw refuse(`hostname ${hostname} is already routed to service ${holder.service.name}`);
  }
}

/** At most one route answers requests no hostname matches. */
export async function checkDefaultFree(tx: Tx, except: string | null): Promise<void> {
  const holder = await tx.route.findFirst({
    where: { isDefault: true, ...(except === null ? {} : { id: { not: except } }) },
    include: { service: { select: { name: true } } },
  });
  if (holder !== null) {
    throw new ServiceError(
      'CONFLICT',
      `route ${holder.hostname} (service ${holder.service.name}) is already the default route: unset it there first`,
      'isDefault',
    );
  }
}

interface RouteRow {
  id: string;
  hostname: string;
  internalPort: number;
  protocol: string;
  stickyCookie: string | null;
  redirect: string | null;
  source: string;
}

export const routeChange = (kind: RouteChange['kind'], row: RouteRow, serviceName: string): RouteChange => ({
  kind,
  id: row.id,
  hostname: row.hostname,
  serviceName,
  internalPort: row.internalPort,
  protocol: row.protocol,
  source: row.source,
});

const unchanged = (row: RouteRow, wanted: LabelRoute) =>
  row.internalPort === wanted.internalPort &&
  row.protocol === wanted.protocol &&
  row.stickyCookie === wanted.stickyCookie &&
  row.redirect === wanted.redirect;

/**
 * Brings a service's label routes in step with its labels, inside the service write's transaction,
 * so a label naming a hostname another route holds refuses the whole service change.
 */
export async function syncLabelRoutes(
  tx: Tx,
  service: { id: string; name: string },
  wanted: LabelRoute[],
): Promise<RouteChange[]> {
  const existing = await tx.route.findMany({ where: { serviceId: service.id, source: 'label' } });
  const changes: RouteChange[] = [];
  for (const row of existing) {
    if (wanted.some((route) => route.hostname === row.hostname)) continue;
    await tx.route.delete({ where: { id: row.id } });
    changes.push(routeChange('route.removed', row, service.name));
  }
  for (const route of wanted) {
    const settings = {
      internalPort: route.internalPort,
      protocol: route.protocol,
      stickyCookie: route.stickyCookie,
      redirect: route.redirect,
      isDefault: route.isDefault,
    };
    const current = existing.find((row) => row.hostname === route.hostname);
    if (current !== undefined) {
      if (unchanged(current, route)) continue;
      const row = await tx.route.update({ where: { id: current.id }, data: settings });
      changes.push(routeChange('route.updated', row, service.name));
      continue;
    }
    await checkHostnameFree(
      tx,
      route.hostname,
      null,
      (message) => new ServiceError('CONFLICT', `label ${route.label}: ${message}`, 'labels'),
    );
    const row = await tx.route.create({
      data: { hostname: route.hostname, serviceId: service.id, source: 'label', ...settings },
    });
    changes.push(routeChange('route.created', row, service.name));
  }
  return changes;
}
