'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { NetworkView } from '@switchyard/contracts';
import Link from 'next/link';
import { errorMessage } from '../../../../lib/trpc/errors';
import { useTRPC } from '../../../../lib/trpc/react';
import { HostLink } from '../../_inspect/host-link';
import { DataTable } from '../../../../components/data-table';

/** The network's endpoints, as `docker network inspect` lists them under Containers. */
export function NetworkContainersTable({ network, canEdit }: { network: NetworkView; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const disconnect = useMutation(
    trpc.networks.disconnect.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.networks.pathFilter());
        void queryClient.invalidateQueries(trpc.containers.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
      },
    }),
  );

  if (network.containers.length === 0) return <p className="muted">No containers are connected.</p>;
  return (
    <>
      {disconnect.isError && (
        <p className="form-error" role="alert">
          Could not disconnect {disconnect.variables.container}: {errorMessage(disconnect.error)}
        </p>
      )}
      <DataTable
        columns={[
          'Container',
          'Host',
          'IPv4 address',
          'MAC address',
          'Aliases',
          canEdit && { label: 'Actions', hidden: true },
        ]}
      >
        {network.containers.map((endpoint) => {
          const pending = disconnect.isPending && disconnect.variables.container === endpoint.containerName;
          return (
            <tr key={endpoint.endpointId} data-testid={`endpoint-row-${endpoint.containerName}`}>
              <th scope="row" className="mono">
                <Link href={`/containers/${encodeURIComponent(endpoint.containerName)}`}>
                  {endpoint.containerName}
                </Link>
              </th>
              <td>
                <HostLink name={endpoint.nodeName} />
              </td>
              <td className="mono">{endpoint.ipv4Address}</td>
              <td className="mono">{endpoint.mac}</td>
              <td className="mono">{endpoint.aliases.join(', ') || <span className="muted">–</span>}</td>
              {canEdit && (
                <td className="actions-cell">
                  <button
                    className="button"
                    type="button"
                    disabled={pending}
                    aria-label={`Disconnect ${endpoint.containerName}`}
                    onClick={() =>
                      disconnect.mutate({ network: network.name, container: endpoint.containerName })
                    }
                  >
                    {pending ? 'Disconnecting…' : 'Disconnect'}
                  </button>
                </td>
              )}
            </tr>
          );
        })}
      </DataTable>
    </>
  );
}
