import { DataTable } from '../../../../components/data-table';
import { RelativeTime } from '../../../../components/relative-time';
import { ConditionState } from '../../_inspect/condition-state';
import { EventMessage } from '../../_inspect/event-message';
import { HostLink } from '../../_inspect/host-link';
import type { NetworkInspectData } from '../../_inspect/types';

type Host = NetworkInspectData['hosts'][number];

/** Drift shown per host: enough to see it happened and what, the rest on the node's page. */
const driftShown = 3;

function Drift({ host }: { host: Host }) {
  if (host.drift.length === 0) return <span className="muted">none</span>;
  return (
    <>
      <span>
        {host.drift.length} {host.drift.length === 1 ? 'repair' : 'repairs'}, last{' '}
        <RelativeTime iso={host.drift[0]?.at ?? ''} />
      </span>
      <ul className="ix-drift">
        {host.drift.slice(0, driftShown).map((event) => (
          <li key={event.id}>
            <EventMessage message={event.message} />
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Each host the network must exist on, as its agent reported it: built and ready, or the error and
 * why; overlay peer entries; when the agent last reported; and drift it found and put right.
 */
export function NetworkHostsTable({ data }: { data: NetworkInspectData }) {
  const overlay = data.network.driver === 'overlay';
  if (data.hosts.length === 0)
    return (
      <p className="muted">
        {overlay
          ? 'No host yet: an overlay is built on a host when its first container or task lands there.'
          : 'Not realised on any host (config-only networks never are).'}
      </p>
    );
  return (
    <DataTable
      columns={[
        'Host',
        overlay ? 'VTEP (underlay)' : 'Underlay address',
        'State',
        overlay && 'Peer entries',
        'Endpoints',
        'Last report',
        'Drift repaired',
      ]}
      className="ix-hosts"
    >
      {data.hosts.map((host) => (
        <tr key={host.nodeId} data-testid={`host-row-${host.nodeName}`} data-ready={host.ready}>
          <th scope="row">
            <HostLink name={host.nodeName} />
          </th>
          <td className="mono">{host.underlayAddress}</td>
          <td data-testid="host-state">
            <ConditionState
              ready={host.condition?.ready ?? (host.ready ? true : null)}
              message={host.reason}
              hostStatus={host.nodeStatus}
            />
          </td>
          {overlay && (
            <td>
              {host.peers === null ? (
                <span className="muted">in place</span>
              ) : (
                <ConditionState ready={host.peers.ready} message={host.peers.message} />
              )}
            </td>
          )}
          <td className="numeric">{host.endpoints}</td>
          <td className="nowrap">
            {host.reportedAt ? <RelativeTime iso={host.reportedAt} /> : <span className="muted">never</span>}
          </td>
          <td>
            <Drift host={host} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
