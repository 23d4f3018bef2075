import { sandboxLabel } from '../path-plan.js';
import { serviceSubject } from '../path-subject.js';
import type { RouteFacts } from './target-facts.js';
import {
  backendCheck,
  fixedCheck,
  outsideWhere,
  TargetQueries,
  type TargetCheck,
  type TargetPlan,
} from './target-check.js';

/** A name a wildcard route answers (`*.example.com` → `any.example.com`): a Host header has no `*`. */
export const concreteHostname = (hostname: string) =>
  hostname.startsWith('*.') ? `any${hostname.slice(1)}` : hostname;

/** `task web.1 on sy-host3` for a backend the store knows, else the proxy's own name for it. */
function backendLabel(facts: RouteFacts, backend: { task: string; address: string }): string {
  const task = facts.tasks.find((candidate) =>
    candidate.endpoints.some((endpoint) => endpoint.address === backend.address),
  );
  return task === undefined ? `task ${backend.task}` : sandboxLabel(task);
}

function routeStep(facts: RouteFacts): TargetCheck {
  const { route, node, hostname } = facts;
  const title = `Route ${hostname}`;
  if (route === null) {
    return fixedCheck(
      'route',
      title,
      'broken',
      `no route has the hostname ${hostname}: the routing mesh answers it with 503 (add one on the Routes page, or label a service com.docker.ucp.mesh.http=80=http://${hostname})`,
    );
  }
  const to = `${route.hostname} → service ${route.serviceName}:${route.internalPort}`;
  const service = serviceSubject({ id: route.serviceId, name: route.serviceName });
  if (!route.routable)
    return fixedCheck('route', title, 'broken', `${to} is not routable: ${route.reason ?? ''}`, service);
  const host = route.hosts.find((candidate) => candidate.nodeId === node.id);
  if (host === undefined || host.state !== 'ready') {
    const state =
      host === undefined ? 'unknown' : `${host.state}${host.message === null ? '' : `: ${host.message}`}`;
    return fixedCheck(
      'route',
      title,
      'broken',
      `${to} is not ready on ${node.name}'s proxy (${state})`,
      service,
    );
  }
  return fixedCheck('route', title, 'ok', `${to}, ready on ${node.name}'s proxy`);
}

/** What the host's proxy must serve for the route: its backends as the host's desired document has them. */
function proxyRouteStep(facts: RouteFacts): TargetCheck {
  const { node, route, desired, mesh } = facts;
  const title = `${node.name}'s proxy`;
  if (mesh === null) {
    return fixedCheck(
      'proxy-route',
      title,
      'broken',
      `${node.name} runs no routing mesh proxy: its desired state has none (it has no leg into the mesh network yet)`,
    );
  }
  if (route === null) return fixedCheck('proxy-route', title, 'skipped', 'skipped: there is no route');
  if (desired === undefined) {
    return fixedCheck(
      'proxy-route',
      title,
      'broken',
      `${node.name}'s proxy is not given the route ${route.hostname}`,
    );
  }
  if (desired.redirect !== null) {
    return fixedCheck(
      'proxy-route',
      title,
      'ok',
      `${node.name}'s proxy redirects ${route.hostname} to ${desired.redirect}`,
    );
  }
  if (desired.backends.length === 0) {
    return fixedCheck(
      'proxy-route',
      title,
      'broken',
      `the route ${route.hostname} on ${node.name}'s proxy has no backend: service ${route.serviceName} has no running, healthy task on the mesh network, so the proxy answers 503`,
      serviceSubject({ id: route.serviceId, name: route.serviceName }),
    );
  }
  const backends = desired.backends
    .map((backend) => `${backendLabel(facts, backend)} (${backend.address}:${backend.port})`)
    .join(', ');
  return fixedCheck(
    'proxy-route',
    title,
    'ok',
    `${node.name}'s proxy sends ${route.hostname} to ${backends}`,
  );
}

/**
 * The path of an HTTP request for a hostname through the routing mesh: the route and its state on
 * the host, what the host's proxy must serve, each task, the proxy listening in the host's
 * namespace, the proxy's namespace reaching each backend, then a request with that Host header from
 * outside (another host, to this host's underlay address). Pure.
 */
export function planRoute(facts: RouteFacts): TargetPlan {
  const { node } = facts;
  const checks: TargetCheck[] = [];
  const queries = new TargetQueries();
  const done = () => ({ checks, queries: queries.byNode });
  checks.push(routeStep(facts));
  checks.push(proxyRouteStep(facts));
  checks.push(...facts.tasks.flatMap((task) => backendCheck(task)));
  if (!node.connected) {
    checks.push(
      fixedCheck(
        'proxy',
        `Proxy on ${node.name}`,
        'broken',
        `${node.name}'s agent is not connected: nothing can run there`,
      ),
    );
    return done();
  }
  if (facts.mesh === null) return done();
  const sni = facts.route?.protocol === 'sni';
  const port = sni ? facts.mesh.sniPort : facts.mesh.httpPort;
  checks.push(
    queries.reach(
      node,
      {
        id: 'reach:proxy',
        title: `Proxy on ${node.name}`,
        where: `${node.name}'s namespace`,
        what: `the proxy at ${node.underlay}:${port}`,
        failure: `the routing mesh proxy (HAProxy) does not listen on ${node.name}:${port}: it is not running in the host's namespace`,
      },
      { tool: 'tcp', host: node.underlay, port },
    ),
  );
  checks.push(...facts.legs.map((leg) => queries.leg(node, leg)));
  for (const backend of facts.desired?.backends ?? []) {
    checks.push(
      queries.reach(
        node,
        {
          id: `reach:backend:${backend.address}`,
          title: `Proxy → ${backendLabel(facts, backend)}`,
          where: `${node.name}'s namespace (the proxy's)`,
          what: `${backendLabel(facts, backend)} at ${backend.address}:${backend.port}`,
        },
        { tool: 'tcp', host: backend.address, port: backend.port },
      ),
    );
  }
  const { from, where } = outsideWhere(node, facts.outside);
  const hostHeader = concreteHostname(facts.hostname);
  checks.push(
    sni
      ? queries.reach(
          from,
          {
            id: 'reach:outside',
            title: `Outside → ${node.underlay}:${port}`,
            where,
            what: `${node.name}'s proxy at ${node.underlay}:${port} (SNI, TLS passed through)`,
          },
          { tool: 'tcp', host: node.underlay, port },
        )
      : queries.reach(
          from,
          {
            id: 'reach:outside',
            title: `GET ${hostHeader}${facts.path}`,
            where,
            what: `http://${node.underlay}:${port}${facts.path} with Host ${hostHeader}`,
          },
          { tool: 'http', host: node.underlay, port, path: facts.path, hostHeader },
        ),
  );
  return done();
}
