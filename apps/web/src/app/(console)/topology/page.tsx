import type { Metadata } from 'next';
import { PageHeader } from '../../../components/page-header';
import { TopologyView } from './topology-view';

export const metadata: Metadata = { title: 'Topology' };

export default function TopologyPage() {
  return (
    <>
      <PageHeader
        title="Topology"
        summary="Every host with its networks and containers, and the endpoints between them, as the agents report them. Hover for details, click to open."
      />
      <TopologyView />
    </>
  );
}
