import type { NetworkView } from '@switchyard/contracts';
import { DataTable } from '../../../../components/data-table';

export function IpamTable({ ipam }: { ipam: NetworkView['ipam'] }) {
  if (ipam.length === 0)
    return <p className="muted">No IPAM configuration: this driver hands out no addresses.</p>;
  return (
    <DataTable columns={['Subnet', 'IP range', 'Gateway', 'Aux addresses']}>
      {ipam.map((pool) => (
        <tr key={pool.subnet}>
          <td className="mono">{pool.subnet}</td>
          <td className="mono">{pool.ipRange ?? <span className="muted">whole subnet</span>}</td>
          <td className="mono">{pool.gateway}</td>
          <td className="mono">
            {Object.entries(pool.auxAddresses)
              .map(([name, address]) => `${name}=${address}`)
              .join(', ') || <span className="muted">–</span>}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
