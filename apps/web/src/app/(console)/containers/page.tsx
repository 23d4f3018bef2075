import type { Metadata } from 'next';
import { PageHeader } from '../../../components/page-header';
import { ContainersTable } from './containers-table';
import { CreateContainerPanel } from './create-container-panel';

export const metadata: Metadata = { title: 'Containers' };

export default function ContainersPage() {
  return (
    <>
      <PageHeader
        title="Containers"
        summary="Standalone containers on the nodes: where each runs, its state, its addresses on every network and its published ports."
      />
      <CreateContainerPanel />
      <ContainersTable />
    </>
  );
}
