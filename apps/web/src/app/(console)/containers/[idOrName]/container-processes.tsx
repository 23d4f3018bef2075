'use client';

import { useQuery } from '@tanstack/react-query';
import { DataTable } from '../../../../components/data-table';
import { errorMessage } from '../../../../lib/trpc/errors';
import { useTRPC } from '../../../../lib/trpc/react';

const refreshMs = 3_000;

/** `docker top`: what runs inside the container, asked again every few seconds while it is shown. */
export function ContainerProcesses({ containerId }: { containerId: string }) {
  const trpc = useTRPC();
  // react-query pauses the interval while the browser tab is hidden; unmounting (another tab) stops it.
  const top = useQuery({
    ...trpc.containers.top.queryOptions({ container: containerId }),
    refetchInterval: refreshMs,
  });

  if (top.isPending) return <p className="muted">Asking its host for the process list…</p>;
  if (top.isError)
    return (
      <p className="form-error" role="alert">
        {errorMessage(top.error)}
      </p>
    );
  const { titles, processes } = top.data;
  if (processes.length === 0) return <p className="muted">No processes.</p>;
  return (
    <DataTable
      columns={titles}
      caption={`${processes.length} ${processes.length === 1 ? 'process' : 'processes'}, refreshed every ${refreshMs / 1000} s`}
      testId="container-processes"
    >
      {processes.map((row, index) => (
        <tr key={`${row.join(' ')}-${index}`}>
          {titles.map((title, column) => (
            <td key={title} className="mono">
              {row[column] ?? ''}
            </td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}
