import Link from 'next/link';
import { formatServicePort } from '../../../../lib/services/format';
import type { NetworkInspectData } from '../../_inspect/types';

/** `docker network inspect --verbose`'s Services: each service on the network with its VIP there. */
export function NetworkServicesTable({ services }: { services: NetworkInspectData['services'] }) {
  if (services.length === 0) return <p className="muted">No service is on this network.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">VIP</th>
            <th scope="col">Endpoint mode</th>
            <th scope="col">Published ports</th>
            <th scope="col">Tasks here</th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => (
            <tr key={service.id} data-testid={`network-service-${service.name}`}>
              <th scope="row" className="mono">
                <Link href={`/services/${encodeURIComponent(service.name)}`}>{service.name}</Link>
              </th>
              <td className="mono">{service.vip ?? <span className="muted">none (dnsrr)</span>}</td>
              <td className="mono">{service.endpointMode}</td>
              <td className="mono">
                {service.ports.length === 0 ? (
                  <span className="muted">–</span>
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
        </tbody>
      </table>
    </div>
  );
}
