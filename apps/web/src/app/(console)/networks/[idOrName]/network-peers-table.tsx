'use client';

import { useQuery } from '@tanstack/react-query';
import type { NetworkView } from '@switchyard/contracts';
import { networkNodeNames } from '../../../../lib/inventory/network-span';
import { useTRPC } from '../../../../lib/trpc/react';
import { RealisationState } from '../realisation-list';
import { DataTable } from '../../../../components/data-table';

/** An overlay's peers, as `docker network inspect` lists them: each node, its VTEP, and whether it is ready. */
export function NetworkPeersTable({ network }: { network: NetworkView }) {
  const trpc = useTRPC();
  const nodes = useQuery(trpc.nodes.list.queryOptions());
  const peers = networkNodeNames(network);
  if (peers.length === 0)
    return (
      <p className="muted">No host yet: the overlay is created on a host when its first container lands.</p>
    );
  return (
    <DataTable columns={['Node', 'Underlay IP (VTEP)', 'Containers', 'Realisation']}>
      {peers.map((name) => {
        // A node that failed to realise the network is no peer: its address comes from the node list.
        const underlay =
          network.peers.find((peer) => peer.nodeName === name)?.address ??
          nodes.data?.find((node) => node.name === name)?.underlayAddress;
        return (
          <tr key={name} data-testid={`peer-row-${name}`}>
            <th scope="row" className="mono">
              {name}
            </th>
            <td className="mono">{underlay ?? <span className="muted">–</span>}</td>
            <td className="numeric">
              {network.containers.filter((endpoint) => endpoint.nodeName === name).length}
            </td>
            <td>
              <RealisationState entry={network.realisation.find((entry) => entry.nodeName === name)} />
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
