import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { TopologyView } from './topology-view';

export const metadata: Metadata = { title: 'Topology' };

export default function TopologyPage() {
  return (
    <>
      <PageHeader
        title="Topology"
        summary="Every host with its networks and containers, the services above them and the overlays below, live as the agents report them. Hover for a summary, click for details; filter or search to narrow it."
      />
      <Suspense fallback={<p className="muted">Loading topology…</p>}>
        <TopologyView />
      </Suspense>
    </>
  );
}
