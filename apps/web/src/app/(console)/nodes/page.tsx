import type { Metadata } from 'next';
import { PageHeader } from '../../../components/page-header';
import { AddNodePanel } from './add-node-panel';
import { NodesTable } from './nodes-table';

export const metadata: Metadata = { title: 'Nodes' };

export default function NodesPage() {
  return (
    <>
      <PageHeader
        title="Nodes"
        summary="Hosts running a Switchyard agent, with the kernel features each one reported and how far it has applied its desired state."
      />
      <AddNodePanel />
      <NodesTable />
    </>
  );
}
