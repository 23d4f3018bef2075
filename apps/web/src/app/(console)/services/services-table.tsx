'use client';

import { useQuery } from '@tanstack/react-query';
import { roleAllows } from '@switchyard/contracts';
import Link from 'next/link';
import { EmptyState } from '../../../components/empty-state';
import { useSession } from '../../../components/session-context';
import { formatServicePort } from '../../../lib/services/format';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { ServiceReplicas } from './service-replicas';
import { DataTable } from '../../../components/data-table';

const none = <span className="muted">–</span>;

/** `docker service ls`, with each service's VIPs and endpoint mode. */
export function ServicesTable() {
  const trpc = useTRPC();
  const { role } = useSession();
  const services = useQuery(trpc.services.list.queryOptions());

  if (services.isPending) return <p className="muted">Loading services…</p>;
  if (services.isError)
    return (
      <p className="form-error" role="alert">
        {errorMessage(services.error)}
      </p>
    );
  if (services.data.length === 0)
    return (
      <EmptyState title="No services yet">
        {roleAllows(role, 'operator') ? (
          <p>
            Create one above, or with <span className="mono">docker service create</span> against the control
            plane&apos;s Engine API.
          </p>
        ) : (
          <p>An operator creates them.</p>
        )}
      </EmptyState>
    );

  return (
    <DataTable
      columns={['Name', 'Image', 'Mode', 'Replicas', 'Ports', 'VIPs', 'Endpoint mode']}
      caption={
        <>
          {services.data.length} {services.data.length === 1 ? 'service' : 'services'}
        </>
      }
    >
      {services.data
        .toSorted((a, b) => a.spec.name.localeCompare(b.spec.name))
        .map((service) => (
          <tr key={service.id} data-testid={`service-row-${service.spec.name}`}>
            <th scope="row" className="mono">
              <Link href={`/services/${encodeURIComponent(service.spec.name)}`}>{service.spec.name}</Link>
            </th>
            <td className="mono">{service.spec.image}</td>
            <td>{service.spec.mode}</td>
            <td>
              <ServiceReplicas service={service} />
            </td>
            <td className="mono">{service.ports.map(formatServicePort).join(', ') || none}</td>
            <td className="mono">
              {service.virtualIps.length === 0
                ? none
                : service.virtualIps.map((vip) => (
                    <div key={vip.networkId}>
                      {vip.address} <span className="subtle">{vip.networkName}</span>
                    </div>
                  ))}
            </td>
            <td className="mono">{service.spec.endpointMode}</td>
          </tr>
        ))}
    </DataTable>
  );
}
