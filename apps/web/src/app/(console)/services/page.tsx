import type { Metadata } from 'next';
import { PageHeader } from '../../../components/page-header';
import { CreateServicePanel } from './create-service-panel';
import { ServicesTable } from './services-table';

export const metadata: Metadata = { title: 'Services' };

export default function ServicesPage() {
  return (
    <>
      <PageHeader
        title="Services"
        summary="Replicated workloads across the hosts: their tasks, virtual IPs, published ports and health."
      />
      <CreateServicePanel />
      <ServicesTable />
    </>
  );
}
