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
import { InspectSection } from '../../_inspect/inspect-section';
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
        <InspectSection id="network-overview" title="Overview" card>
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
        </InspectSection>
        <InspectSection id="network-options" title="Options" card>
          <KeyValueList
            entries={Object.entries(view.options).map(([key, value]) => [key, mono(value)])}
            empty="Driver defaults"
          />
        </InspectSection>
        <InspectSection id="network-labels" title="Labels" card>
          <KeyValueList entries={Object.entries(view.labels).map(([key, value]) => [key, mono(value)])} />
        </InspectSection>
      </div>
      <InspectSection id="network-ipam" title="IPAM">
        <IpamTable ipam={view.ipam} />
      </InspectSection>
      <InspectSection id="network-hosts" title="On each host">
        <NetworkHostsTable data={data} />
      </InspectSection>
      {spansHosts(view) && (
        <InspectSection id="network-peers" title="Peers">
          <NetworkPeersTable network={view} />
        </InspectSection>
      )}
      <InspectSection id="network-containers" title="Containers">
        <NetworkContainersTable
          network={{
            ...view,
            containers: view.containers.filter((entry) => standalone.has(entry.containerId)),
          }}
          canEdit={canEdit}
        />
      </InspectSection>
      <InspectSection id="network-services" title="Services">
        <NetworkServicesTable services={data.services} />
      </InspectSection>
      <InspectSection id="network-tasks" title="Tasks">
        <NetworkTasksTable tasks={data.tasks} />
      </InspectSection>
      {data.hostLegs.length > 0 && (
        <InspectSection id="network-host-legs" title="Host endpoints">
          <NetworkHostLegs legs={data.hostLegs} />
        </InspectSection>
      )}
      <InspectSection id="network-events" title="Events">
        <EventList
          events={data.events.slice(0, 20)}
          empty="Nothing recorded about this network yet."
          moreHref={`/events?search=${encodeURIComponent(view.name)}`}
          testId="network-events"
        />
      </InspectSection>
      <InspectJson value={data} />
    </>
  );
}
