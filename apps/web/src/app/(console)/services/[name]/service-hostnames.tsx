'use client';

import { useQuery } from '@tanstack/react-query';
import { defaultMeshNetworkName, type RouteView, type ServiceView } from '@switchyard/contracts';
import Link from 'next/link';
import { byHostname, formatCount, readyEverywhere } from '../../../../lib/routes/format';
import { onMeshNetwork } from '../../../../lib/routes/mesh';
import { errorMessage } from '../../../../lib/trpc/errors';
import { useTRPC } from '../../../../lib/trpc/react';
import { RemoveRouteAction } from '../../routes/remove-route-action';
import { RouteHostStates } from '../../routes/route-host-states';
import { RouteRouting } from '../../routes/route-routing';
import { HostnameForm } from './hostname-form';
import { DataTable } from '../../../../components/data-table';
import { tagTitles } from '../../../../lib/badges/explain';

// A new route is confirmed host by host through the agents' reports; until every host has it a short
// poll backs up the pushed events, as the rollout does for tasks.
const convergingPollMs = 1_500;

const ownRoutes = (routes: readonly RouteView[], service: ServiceView) =>
  routes.filter((route) => route.serviceId === service.id || route.serviceName === service.spec.name);

/** Why the proxy cannot reach the service (not on a mesh network, no healthy task), where it is seen. */
function UnroutableNotice({ routes }: { routes: readonly RouteView[] }) {
  const reasons = [...new Set(routes.filter((route) => !route.routable).map((route) => route.reason))];
  if (reasons.length === 0) return null;
  return (
    <div className="notice" data-tone="bad" role="status" data-testid="service-route-reason">
      <strong>Not routable.</strong>{' '}
      {reasons.map((reason) => reason ?? 'the proxy cannot reach this service').join(' · ')}
    </div>
  );
}

function HostnamesTable({ routes, operator }: { routes: readonly RouteView[]; operator: boolean }) {
  return (
    <DataTable
      columns={[
        'Hostname',
        'Port',
        'Routing',
        'State per host',
        'Requests',
        { label: 'Actions', hidden: true },
      ]}
    >
      {routes.map((route) => (
        <tr key={route.id} data-testid={`hostname-row-${route.hostname}`} data-ready={readyEverywhere(route)}>
          <th scope="row" className="mono">
            {route.hostname}
            {route.protocol === 'sni' && (
              <span className="tag" title={tagTitles.sni}>
                sni
              </span>
            )}
            {route.source === 'label' && (
              <span className="tag" title={tagTitles.labelRoute}>
                label
              </span>
            )}
          </th>
          <td className="mono">{route.internalPort}</td>
          <td>
            <RouteRouting route={route} />
          </td>
          <td>
            <RouteHostStates route={route} />
          </td>
          <td className="numeric mono">{formatCount(route.counters.requests)}</td>
          <td className="actions-cell">
            {route.source === 'api' ? (
              operator && <RemoveRouteAction id={route.id} hostname={route.hostname} />
            ) : (
              <span className="subtle">change the service&apos;s labels</span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The hostnames the routing mesh sends to this service, each host's proxy state, and a form to add one. */
export function ServiceHostnames({ service, operator }: { service: ServiceView; operator: boolean }) {
  const trpc = useTRPC();
  const routes = useQuery({
    ...trpc.routes.list.queryOptions(),
    refetchInterval: (query) =>
      ownRoutes(query.state.data ?? [], service).some((route) => !readyEverywhere(route))
        ? convergingPollMs
        : false,
  });
  const networks = useQuery(trpc.networks.list.queryOptions());
  const own = ownRoutes(routes.data ?? [], service).toSorted(byHostname);
  // Only a hostname being added needs the mesh: a service that never asked for one is not warned.
  const offMesh = networks.data !== undefined && !onMeshNetwork(service, networks.data);
  return (
    <section className="section" aria-labelledby="service-hostnames">
      <div className="section-header">
        <h2 id="service-hostnames">Hostnames</h2>
        <Link href="/routes">All routes</Link>
      </div>
      {routes.isError && (
        <p className="form-error" role="alert">
          {errorMessage(routes.error)}
        </p>
      )}
      <UnroutableNotice routes={own} />
      {routes.isPending ? (
        <p className="muted">Loading hostnames…</p>
      ) : own.length === 0 ? (
        <p className="muted">
          No hostname routes here yet. HTTP requests for a hostname added below reach this service&apos;s
          tasks on port 80 of every host, once it is on the{' '}
          <span className="mono">{defaultMeshNetworkName}</span> network.
        </p>
      ) : (
        <HostnamesTable routes={own} operator={operator} />
      )}
      {operator && <HostnameForm key={service.id} service={service} offMesh={offMesh} />}
    </section>
  );
}
