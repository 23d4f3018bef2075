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
import { RealisationList } from '../realisation-list';
import { IpamTable } from './ipam-table';
import { NetworkContainersTable } from './network-containers-table';
import { NetworkPeersTable } from './network-peers-table';
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

/** What `docker network inspect` shows, laid out for reading. */
export function NetworkInspect({ idOrName }: { idOrName: string }) {
  const trpc = useTRPC();
  const { role } = useSession();
  const network = useQuery({
    ...trpc.networks.get.queryOptions({ network: idOrName }),
    retry: retryUnlessGone,
  });

  if (network.isPending) return <p className="muted">Loading network…</p>;
  if (network.isError)
    return isNotFound(network.error) ? (
      <NotFoundState kind="network" name={idOrName} listHref="/networks" />
    ) : (
      <p className="form-error" role="alert">
        {errorMessage(network.error)}
      </p>
    );

  const view = network.data;
  const canEdit = roleAllows(role, 'operator');
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/networks">Networks</Link> / <span className="mono">{view.name}</span>
      </nav>
      <PageHeader
        title={view.name}
        summary={<span className="mono">{view.id}</span>}
        actions={canEdit && !view.predefined ? <RemoveNetworkAction name={view.name} /> : undefined}
      />
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
              ['Predefined', yesNo(view.predefined)],
            ]}
          />
        </section>
        <section className="card" aria-labelledby="network-realised">
          <h2 id="network-realised">Realised on</h2>
          <RealisationList realisation={view.realisation} />
        </section>
        <section className="card" aria-labelledby="network-options">
          <h2 id="network-options">Options</h2>
          <KeyValueList
            entries={Object.entries(view.options).map(([key, value]) => [
              key,
              <span className="mono">{value}</span>,
            ])}
            empty="Driver defaults"
          />
        </section>
        <section className="card" aria-labelledby="network-labels">
          <h2 id="network-labels">Labels</h2>
          <KeyValueList
            entries={Object.entries(view.labels).map(([key, value]) => [
              key,
              <span className="mono">{value}</span>,
            ])}
          />
        </section>
      </div>
      {spansHosts(view) && (
        <section className="section" aria-labelledby="network-peers">
          <h2 id="network-peers">Peers</h2>
          <NetworkPeersTable network={view} />
        </section>
      )}
      <section className="section" aria-labelledby="network-ipam">
        <h2 id="network-ipam">IPAM</h2>
        <IpamTable ipam={view.ipam} />
      </section>
      <section className="section" aria-labelledby="network-containers">
        <h2 id="network-containers">Containers</h2>
        <NetworkContainersTable network={view} canEdit={canEdit} />
      </section>
      <InspectJson value={view} />
    </>
  );
}
