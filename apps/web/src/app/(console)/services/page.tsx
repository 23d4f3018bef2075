import type { Metadata } from 'next';
import { EmptyState } from '../../../components/empty-state';
import { PageHeader } from '../../../components/page-header';

export const metadata: Metadata = { title: 'Services' };

export default function ServicesPage() {
  return (
    <>
      <PageHeader title="Services" summary="Replicated workloads, their virtual IPs and published ports." />
      <EmptyState title="No services yet">
        <p>
          Each service will be listed with its replicas and where they run, its endpoint mode (VIP or DNS
          round robin), its networks and published ports, and the health of every task.
        </p>
      </EmptyState>
    </>
  );
}
