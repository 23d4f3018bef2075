'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { EmptyState } from '../../../components/empty-state';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { RealisationList } from './realisation-list';
import { SubnetsList } from './subnets-list';
import { DataTable } from '../../../components/data-table';
import { tagTitles } from '../../../lib/badges/explain';

export function NetworksTable() {
  const trpc = useTRPC();
  const networks = useQuery(trpc.networks.list.queryOptions());

  if (networks.isPending) return <p className="muted">Loading networks…</p>;
  if (networks.isError)
    return (
      <p className="form-error" role="alert">
        {errorMessage(networks.error)}
      </p>
    );
  if (networks.data.length === 0)
    return (
      <EmptyState title="No networks">
        <p>The predefined bridge, host and none networks appear once a node has joined.</p>
      </EmptyState>
    );

  // User-defined networks first, as the operator made them; the predefined ones after.
  const sorted = networks.data.toSorted(
    (a, b) => Number(a.predefined) - Number(b.predefined) || a.name.localeCompare(b.name),
  );
  return (
    <DataTable
      columns={['Name', 'Driver', 'Scope', 'Host', 'Subnets', 'Containers', 'Realised']}
      caption={
        <>
          {sorted.length} {sorted.length === 1 ? 'network' : 'networks'}
        </>
      }
    >
      {sorted.map((network) => (
        <tr key={network.id} data-testid={`network-row-${network.name}`}>
          <th scope="row" className="mono">
            <Link href={`/networks/${encodeURIComponent(network.name)}`}>{network.name}</Link>
            {network.internal && (
              <span className="tag" title={tagTitles.internal}>
                internal
              </span>
            )}
          </th>
          <td className="mono">{network.driver}</td>
          <td>{network.scope}</td>
          <td className="mono">{network.nodeName ?? <span className="muted">every node</span>}</td>
          <td>
            <SubnetsList ipam={network.ipam} />
          </td>
          <td className="numeric">{network.containers.length}</td>
          <td>
            <RealisationList realisation={network.realisation} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
