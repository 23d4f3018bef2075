import type { Metadata } from 'next';
import { EmptyState } from '../../../components/empty-state';
import { PageHeader } from '../../../components/page-header';

export const metadata: Metadata = { title: 'Topology' };

export default function TopologyPage() {
  return (
    <>
      <PageHeader
        title="Topology"
        summary="Nodes, networks and the tasks attached to them, as the agents report them."
      />
      <EmptyState title="Nothing to draw yet">
        <p>
          Once networks and services exist, this map shows every node, the overlay and bridge networks that
          span them, and each task&apos;s endpoint with its address. Links that an agent reports as not ready
          are marked.
        </p>
      </EmptyState>
    </>
  );
}
