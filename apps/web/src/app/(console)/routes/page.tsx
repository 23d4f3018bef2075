import type { Metadata } from 'next';
import { PageHeader } from '../../../components/page-header';
import { CreateRoutePanel } from './create-route-panel';
import { RoutesTable } from './routes-table';

export const metadata: Metadata = { title: 'Routes' };

export default function RoutesPage() {
  return (
    <>
      <PageHeader
        title="Routes"
        summary="Hostnames the HTTP routing mesh sends to a service port, on port 80 of every host: where each host's proxy stands, and the traffic it has seen."
      />
      <CreateRoutePanel />
      <RoutesTable />
    </>
  );
}
