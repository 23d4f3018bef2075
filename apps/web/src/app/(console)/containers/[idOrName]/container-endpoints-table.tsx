import type { ContainerView } from '@switchyard/contracts';
import Link from 'next/link';
import { formatEndpointAddress } from '../../../../lib/inventory/format';

/** NetworkSettings.Networks of `docker inspect`: one row per endpoint. */
export function ContainerEndpointsTable({ networks }: { networks: ContainerView['networks'] }) {
  if (networks.length === 0) return <p className="muted">Not connected to any network.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Network</th>
            <th scope="col">IPv4 address</th>
            <th scope="col">Gateway</th>
            <th scope="col">MAC address</th>
            <th scope="col">Aliases</th>
          </tr>
        </thead>
        <tbody>
          {networks.map((endpoint) => (
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
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
