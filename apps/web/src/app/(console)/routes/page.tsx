import type { Metadata } from 'next';
import { EmptyState } from '../../../components/empty-state';
import { PageHeader } from '../../../components/page-header';

export const metadata: Metadata = { title: 'Routes' };

export default function RoutesPage() {
  return (
    <>
      <PageHeader title="Routes" summary="Hostnames the HTTP routing mesh sends to a service port." />
      <EmptyState title="No routes yet">
        <p>
          Each route will be listed with its hostname, the service and port it reaches, and whether the
          routing mesh on every node has it in place.
        </p>
      </EmptyState>
    </>
  );
}
