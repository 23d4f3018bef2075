'use client';

import { useQuery } from '@tanstack/react-query';
import { roleAllows, type NetworkView } from '@switchyard/contracts';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { InspectJson } from '../../../../components/inspect-json';
import { KeyValueList } from '../../../../components/key-value-list';
import { NotFoundState } from '../../../../components/not-found-state';
import { PageHeader } from '../../../../components/page-header';
import { RelativeTime } from '../../../../components/relative-time';
import { useSession } from '../../../../components/session-context';
import { errorMessage, isNotFound, retryUnlessGone } from '../../../../lib/trpc/errors';
import { useTRPC } from '../../../../lib/trpc/react';
import { macvlanOptions } from '../../../../lib/inventory/driver-options';
import { spansHosts } from '../../../../lib/inventory/network-span';
import { CopyableId } from '../../_inspect/copyable-id';
import { EventList } from '../../_inspect/event-list';
import type { NetworkInspectData } from '../../_inspect/types';
import { IpamTable } from './ipam-table';
import { NetworkContainersTable } from './network-containers-table';
import { NetworkHostLegs } from './network-host-legs';
import { NetworkHostsTable } from './network-hosts-table';
import { NetworkPeersTable } from './network-peers-table';
import { NetworkServicesTable } from './network-services-table';
import { NetworkTasksTable } from './network-tasks-table';
import { RemoveNetworkAction } from './remove-network-action';

const yesNo = (value: boolean) => (value ? 'yes' : 'no');
const mono = (value: string) => <span className="mono">{value}</span>;

/** What identifies a network on the wire: its VNI for an overlay, its parent link for macvlan. */
function driverEntries(view: NetworkView): [string, ReactNode][] {
  const config: [string, ReactNode][] = [
    ...(view.configOnly ? [['Config only', 'yes'] as [string, ReactNode]] : []),
    ...(view.configFrom ? [['Config from', mono(view.configFrom)] as [string, ReactNode]] : []),
  ];
  if (view.driver === 'overlay')
    return [['VNI', <span data-testid="network-vni">{view.vni ?? 'not yet allocated'}</span>], ...config];
  if (view.driver === 'macvlan')
    return [
      ['Parent', mono(view.options[macvlanOptions.parent] ?? 'eth0')],
      ['Mode', view.options[macvlanOptions.mode] ?? 'bridge'],
      ...config,
    ];
  return config;
}

function Counts({ data }: { data: NetworkInspectData }) {
  const ready = data.hosts.filter((host) => host.ready).length;
  return (
    <p className="ix-counts" data-testid="network-counts">
      <span>
        <strong>{ready}</strong>/{data.hosts.length} hosts ready
      </span>
      <span>
        <strong>{data.containers.length}</strong> containers
      </span>
      <span>
        <strong>{data.tasks.length}</strong> tasks
      </span>
      <span>
        <strong>{data.services.length}</strong> services
      </span>
    </p>
  );
}

/** `docker network inspect --verbose`, laid out for reading, with what every host's agent reported. */
export function NetworkInspect({ idOrName }: { idOrName: string }) {
  const trpc = useTRPC();
  const { role } = useSession();
  const inspect = useQuery({
    ...trpc.networks.inspect.queryOptions({ network: idOrName }),
    retry: retryUnlessGone,
  });

  if (inspect.isPending) return <p className="muted">Loading network…</p>;
  if (inspect.isError)
    return isNotFound(inspect.error) ? (
      <NotFoundState kind="network" name={idOrName} listHref="/networks" />
    ) : (
      <p className="form-error" role="alert">
        {errorMessage(inspect.error)}
      </p>
    );

  const data = inspect.data;
  const view = data.network;
  const canEdit = roleAllows(role, 'operator');
  const standalone = new Set(data.containers.map((container) => container.id));
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/networks">Networks</Link> / <span className="mono">{view.name}</span>
      </nav>
      <PageHeader
        title={view.name}
        summary={<CopyableId id={view.id} what="network ID" />}
        actions={canEdit && !view.predefined ? <RemoveNetworkAction name={view.name} /> : undefined}
      />
      <Counts data={data} />
      <div className="inspect-grid">
        <section className="card" aria-labelledby="network-overview">
          <h2 id="network-overview">Overview</h2>
          <KeyValueList
            entries={[
              ['Driver', <span className="mono">{view.driver}</span>],
              ['Scope', view.scope],
              ['Host', mono(view.nodeName ?? (spansHosts(view) ? 'spans its peers' : 'every node'))],
              ...driverEntries(view),
              ['Created', <RelativeTime iso={view.createdAt} />],
              ['Internal', yesNo(view.internal)],
              ['Attachable', yesNo(view.attachable)],
              ['Ingress', yesNo(view.ingress === true)],
              ['Predefined', yesNo(view.predefined)],
            ]}
          />
        </section>
        <section className="card" aria-labelledby="network-options">
          <h2 id="network-options">Options</h2>
          <KeyValueList
            entries={Object.entries(view.options).map(([key, value]) => [key, mono(value)])}
            empty="Driver defaults"
          />
        </section>
        <section className="card" aria-labelledby="network-labels">
          <h2 id="network-labels">Labels</h2>
          <KeyValueList entries={Object.entries(view.labels).map(([key, value]) => [key, mono(value)])} />
        </section>
      </div>
      <section className="section" aria-labelledby="network-ipam">
        <h2 id="network-ipam">IPAM</h2>
        <IpamTable ipam={view.ipam} />
      </section>
      <section className="section" aria-labelledby="network-hosts">
        <h2 id="network-hosts">On each host</h2>
        <NetworkHostsTable data={data} />
      </section>
      {spansHosts(view) && (
        <section className="section" aria-labelledby="network-peers">
          <h2 id="network-peers">Peers</h2>
          <NetworkPeersTable network={view} />
        </section>
      )}
      <section className="section" aria-labelledby="network-containers">
        <h2 id="network-containers">Containers</h2>
        <NetworkContainersTable
          network={{
            ...view,
            containers: view.containers.filter((entry) => standalone.has(entry.containerId)),
          }}
          canEdit={canEdit}
        />
      </section>
      <section className="section" aria-labelledby="network-services">
        <h2 id="network-services">Services</h2>
        <NetworkServicesTable services={data.services} />
      </section>
      <section className="section" aria-labelledby="network-tasks">
        <h2 id="network-tasks">Tasks</h2>
        <NetworkTasksTable tasks={data.tasks} />
      </section>
      {data.hostLegs.length > 0 && (
        <section className="section" aria-labelledby="network-host-legs">
          <h2 id="network-host-legs">Host endpoints</h2>
          <NetworkHostLegs legs={data.hostLegs} />
        </section>
      )}
      <section className="section" aria-labelledby="network-events">
        <h2 id="network-events">Events</h2>
        <EventList
          events={data.events.slice(0, 20)}
          empty="Nothing recorded about this network yet."
          moreHref={`/events?search=${encodeURIComponent(view.name)}`}
          testId="network-events"
        />
      </section>
      <InspectJson value={data} />
    </>
  );
}
