'use client';

import { useQuery } from '@tanstack/react-query';
import type { ServiceView } from '@switchyard/contracts';
import { DataTable, Dash } from '../../../../components/data-table';
import { RelativeTime } from '../../../../components/relative-time';
import { errorMessage } from '../../../../lib/trpc/errors';
import { useTRPC } from '../../../../lib/trpc/react';
import { ConditionState, StateBadge, conditionTone } from '../../_inspect/condition-state';
import { EventList } from '../../_inspect/event-list';
import { HostLink } from '../../_inspect/host-link';
import type { ServiceInspectData } from '../../_inspect/types';

type Host = ServiceInspectData['hosts'][number];

function VipRules({ host }: { host: Host }) {
  const { ready, unreported, failing } = host.loadBalancers;
  const reported = ready + failing.length;
  if (reported + unreported === 0) return <span className="muted">no sandbox balances its VIP here</span>;
  return (
    <>
      {reported > 0 && (
        <StateBadge tone={failing.length > 0 ? 'failing' : 'ready'} label={`${ready}/${reported} ready`} />
      )}
      {unreported > 0 && <span className="muted"> {unreported} not reported yet</span>}
      {failing.map((entry) => (
        <div key={entry.sandboxName} className="ix-reason">
          <span className="mono">{entry.sandboxName}</span>: {entry.message ?? 'not ready'}
        </div>
      ))}
    </>
  );
}

function HostsTable({ data }: { data: ServiceInspectData }) {
  const ingress = data.ingressNetwork !== null;
  if (data.hosts.length === 0) return <p className="muted">No host runs or balances this service yet.</p>;
  return (
    <DataTable
      columns={[
        'Host',
        'Tasks',
        'VIP rules (sandboxes on its networks)',
        ingress && `Routing mesh (${data.ingressNetwork?.name})`,
        'Last report',
      ]}
      className="ix-hosts"
    >
      {data.hosts.map((host) => (
        <tr key={host.nodeId} data-testid={`service-host-${host.nodeName}`}>
          <th scope="row">
            <HostLink name={host.nodeName} />{' '}
            {host.nodeStatus !== 'ready' && <StateBadge tone={conditionTone(null, host.nodeStatus)} />}
          </th>
          <td className="numeric">
            {host.tasks.running}/{host.tasks.total} running
          </td>
          <td>
            <VipRules host={host} />
          </td>
          {ingress && (
            <td>
              {host.ingress === null ? (
                <Dash />
              ) : (
                <ConditionState
                  ready={host.ingress.condition?.ready ?? null}
                  message={host.ingress.condition?.message ?? null}
                  hostStatus={host.nodeStatus}
                />
              )}
            </td>
          )}
          <td className="nowrap">
            {host.observedAt ? <RelativeTime iso={host.observedAt} /> : <span className="muted">never</span>}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * How each host realises the service, as its agent reported: its tasks there, the VIP's rules in the
 * sandboxes on the service's networks, the routing mesh's published ports; then the service's events.
 */
export function ServiceHosts({ service }: { service: ServiceView }) {
  const trpc = useTRPC();
  const inspect = useQuery(trpc.inventory.service.queryOptions({ service: service.id }));
  return (
    <>
      <section className="section" aria-labelledby="service-hosts">
        <h2 id="service-hosts">On each host</h2>
        {inspect.isPending && <p className="muted">Loading what the agents reported…</p>}
        {inspect.isError && (
          <p className="form-error" role="alert">
            {errorMessage(inspect.error)}
          </p>
        )}
        {inspect.isSuccess && <HostsTable data={inspect.data} />}
      </section>
      <section className="section" aria-labelledby="service-events">
        <h2 id="service-events">Events</h2>
        {inspect.isSuccess && (
          <EventList
            events={inspect.data.events.slice(0, 20)}
            empty="Nothing recorded about this service yet."
            moreHref={`/events?search=${encodeURIComponent(service.spec.name)}`}
            testId="service-events"
          />
        )}
      </section>
    </>
  );
}
