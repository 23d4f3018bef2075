'use client';

import { useQuery } from '@tanstack/react-query';
import { defaultMeshNetworkName, meshNetworkLabel, roleAllows } from '@switchyard/contracts';
import { EmptyState } from '../../../components/empty-state';
import { useSession } from '../../../components/session-context';
import { byHostname, readyEverywhere } from '../../../lib/routes/format';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { RouteRow } from './route-row';
import { DataTable } from '../../../components/data-table';

// The counters come from the agents' heartbeats; a short poll while the page is open keeps them moving
// (pushed `inventory.changed` events cover the routes themselves).
const countersRefreshMs = 2_000;

/** Every route, its per-host state and its traffic. */
export function RoutesTable() {
  const trpc = useTRPC();
  const { role } = useSession();
  const routes = useQuery({ ...trpc.routes.list.queryOptions(), refetchInterval: countersRefreshMs });

  if (routes.isPending) return <p className="muted">Loading routes…</p>;
  if (routes.isError)
    return (
      <p className="form-error" role="alert">
        {errorMessage(routes.error)}
      </p>
    );
  if (routes.data.length === 0)
    return (
      <EmptyState title="No routes yet">
        <p>
          A route sends HTTP requests for a hostname, arriving on port 80 of any host, to one of a
          service&apos;s healthy tasks: the HTTP routing mesh.{' '}
          {roleAllows(role, 'operator')
            ? 'Create one above or on a service’s page, or give a service '
            : 'An operator creates one, or gives a service '}
          <span className="mono">{meshNetworkLabel}</span> labels.
        </p>
        <p>
          The service must be on the <span className="mono">{defaultMeshNetworkName}</span> network (or
          another network labelled <span className="mono">{meshNetworkLabel}</span>) so the proxy on every
          host can reach its tasks.
        </p>
      </EmptyState>
    );

  const sorted = routes.data.toSorted(byHostname);
  const ready = sorted.filter(readyEverywhere).length;
  const operator = roleAllows(role, 'operator');
  return (
    <DataTable
      columns={[
        'Hostname',
        'Service',
        'Options',
        'Source',
        'Routing',
        'Hosts',
        'Traffic',
        { label: 'Actions', hidden: true },
      ]}
      caption={
        <>
          {sorted.length} {sorted.length === 1 ? 'route' : 'routes'} · {ready} ready on every host · counters
          every {countersRefreshMs / 1000} s
        </>
      }
      className="routes-table"
    >
      {sorted.map((route) => (
        <RouteRow key={route.id} route={route} operator={operator} />
      ))}
    </DataTable>
  );
}
