import { DataTable } from '../../../../components/data-table';
import { HostLink } from '../../_inspect/host-link';
import type { NetworkInspectData } from '../../_inspect/types';

const legNames = { ingress: 'routing mesh (ingress-sbox)', mesh: 'HTTP routing mesh proxy' } as const;

/** Each host's own endpoint on the network: what Docker lists as ingress-sbox or the proxy's leg. */
export function NetworkHostLegs({ legs }: { legs: NetworkInspectData['hostLegs'] }) {
  return (
    <DataTable columns={['Host', 'Endpoint', 'Address', 'MAC']}>
      {legs.map((leg) => (
        <tr key={`${leg.kind}-${leg.nodeName}`}>
          <th scope="row">
            <HostLink name={leg.nodeName} />
          </th>
          <td>{legNames[leg.kind]}</td>
          <td className="mono">{leg.address}</td>
          <td className="mono">{leg.mac}</td>
        </tr>
      ))}
    </DataTable>
  );
}
