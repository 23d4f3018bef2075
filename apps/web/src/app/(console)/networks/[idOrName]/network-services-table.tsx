import Link from 'next/link';
import { DataTable, Dash } from '../../../../components/data-table';
import { formatServicePort } from '../../../../lib/services/format';
import type { NetworkInspectData } from '../../_inspect/types';

/** `docker network inspect --verbose`'s Services: each service on the network with its VIP there. */
export function NetworkServicesTable({ services }: { services: NetworkInspectData['services'] }) {
  if (services.length === 0) return <p className="muted">No service is on this network.</p>;
  return (
    <DataTable columns={['Service', 'VIP', 'Endpoint mode', 'Published ports', 'Tasks here']}>
      {services.map((service) => (
        <tr key={service.id} data-testid={`network-service-${service.name}`}>
          <th scope="row" className="mono">
            <Link href={`/services/${encodeURIComponent(service.name)}`}>{service.name}</Link>
          </th>
          <td className="mono">{service.vip ?? <span className="muted">none (dnsrr)</span>}</td>
          <td className="mono">{service.endpointMode}</td>
          <td className="mono">
            {service.ports.length === 0 ? (
              <Dash />
            ) : (
              service.ports.map((port) => (
                <div key={`${port.protocol}/${port.publishedPort}`}>{formatServicePort(port)}</div>
              ))
            )}
          </td>
          <td className="numeric">
            {service.running}/{service.tasks} running
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
