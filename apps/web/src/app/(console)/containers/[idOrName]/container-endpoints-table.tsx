import type { ContainerView } from '@switchyard/contracts';
import Link from 'next/link';
import { formatEndpointAddress } from '../../../../lib/inventory/format';
import { ConditionState } from '../../_inspect/condition-state';
import type { ContainerInspectData } from '../../_inspect/types';
import { DataTable } from '../../../../components/data-table';

type Conditions = ContainerInspectData['conditions'];

/**
 * NetworkSettings.Networks of `docker inspect`: one row per endpoint, with whether the host's agent
 * has the network built (when it said).
 */
export function ContainerEndpointsTable({
  networks,
  conditions = [],
  hostStatus,
}: {
  networks: ContainerView['networks'];
  conditions?: Conditions;
  hostStatus?: string;
}) {
  if (networks.length === 0) return <p className="muted">Not connected to any network.</p>;
  return (
    <DataTable
      columns={[
        'Network',
        'IPv4 address',
        'Gateway',
        'MAC address',
        'Aliases',
        'Endpoint',
        'Network on host',
      ]}
    >
      {networks.map((endpoint) => {
        const condition = conditions.find((entry) => entry.object === `network/${endpoint.networkId}`);
        return (
          <tr key={endpoint.endpointId} data-testid={`container-endpoint-${endpoint.networkName}`}>
            <th scope="row" className="mono">
              <Link href={`/networks/${encodeURIComponent(endpoint.networkName)}`}>
                {endpoint.networkName}
              </Link>
            </th>
            <td className="mono" data-testid="endpoint-address">
              {formatEndpointAddress(endpoint) ?? <span className="muted">none</span>}
            </td>
            <td className="mono">{endpoint.gateway ?? <span className="muted">–</span>}</td>
            <td className="mono">{endpoint.mac ?? <span className="muted">–</span>}</td>
            <td className="mono">{endpoint.aliases.join(', ') || <span className="muted">–</span>}</td>
            <td className="mono" title={endpoint.endpointId}>
              {endpoint.endpointId.slice(0, 12)}
            </td>
            <td>
              {condition === undefined ? (
                <span
                  className="muted"
                  title="The agent reports only networks it builds (bridge, overlay, macvlan)"
                >
                  no report
                </span>
              ) : (
                <ConditionState ready={condition.ready} message={condition.message} hostStatus={hostStatus} />
              )}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
