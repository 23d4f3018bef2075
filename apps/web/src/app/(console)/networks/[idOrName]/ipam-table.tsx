import type { NetworkView } from '@switchyard/contracts';

export function IpamTable({ ipam }: { ipam: NetworkView['ipam'] }) {
  if (ipam.length === 0)
    return <p className="muted">No IPAM configuration: this driver hands out no addresses.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Subnet</th>
            <th scope="col">IP range</th>
            <th scope="col">Gateway</th>
            <th scope="col">Aux addresses</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
