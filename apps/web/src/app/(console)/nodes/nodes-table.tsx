'use client';

import { useQuery } from '@tanstack/react-query';
import { roleAllows } from '@switchyard/contracts';
import Link from 'next/link';
import { EmptyState } from '../../../components/empty-state';
import { RelativeTime } from '../../../components/relative-time';
import { useSession } from '../../../components/session-context';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { CapabilityChips } from './capability-chips';
import { NodeStatusBadge } from './node-status-badge';
import { RevisionCell } from './revision-cell';
import { useLiveNodes } from './use-live-nodes';
import { DataTable } from '../../../components/data-table';
import { absentCapabilityNote } from '../../../lib/badges/explain';

export function NodesTable() {
  const trpc = useTRPC();
  const { role } = useSession();
  const nodes = useQuery(trpc.nodes.list.queryOptions());
  useLiveNodes();

  if (nodes.isPending) return <p className="muted">Loading nodes…</p>;
  if (nodes.isError)
    return (
      <p className="form-error" role="alert">
        {errorMessage(nodes.error)}
      </p>
    );
  if (nodes.data.length === 0)
    return (
      <EmptyState title="No nodes have joined">
        <p>
          Start an agent on a host with a join token (
          {roleAllows(role, 'admin') ? 'Add node, above' : 'an admin makes one'}) and it appears here within
          seconds.
        </p>
      </EmptyState>
    );

  const sorted = nodes.data.toSorted((a, b) => a.name.localeCompare(b.name));
  const down = sorted.filter((node) => node.status === 'down').length;
  return (
    <DataTable
      columns={[
        'Name',
        'State',
        'Underlay address',
        'Capabilities',
        'Agent',
        'Kernel',
        'Last heartbeat',
        'Revision',
      ]}
      caption={
        <>
          {sorted.length} {sorted.length === 1 ? 'node' : 'nodes'} · {sorted.length - down} ready · {down}{' '}
          down ·{' '}
          <span className="chip" data-present="false" title={absentCapabilityNote}>
            struck through
          </span>{' '}
          capabilities were not detected on that host (hover one for what it is for)
        </>
      }
    >
      {sorted.map((node) => (
        <tr key={node.id} data-testid={`node-row-${node.name}`} data-status={node.status}>
          <th scope="row" className="mono">
            <Link href={`/nodes/${encodeURIComponent(node.name)}`}>{node.name}</Link>
          </th>
          <td>
            <NodeStatusBadge status={node.status} />
          </td>
          <td className="mono">{node.underlayAddress}</td>
          <td>
            <CapabilityChips present={node.capabilities} />
          </td>
          <td className="mono">{node.agentVersion}</td>
          <td className="mono">{node.kernelVersion}</td>
          <td className="nowrap">
            {node.lastHeartbeatAt ? (
              <RelativeTime iso={node.lastHeartbeatAt} />
            ) : (
              <span className="muted">never</span>
            )}
          </td>
          <td>
            <RevisionCell {...node} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
