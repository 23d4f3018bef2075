import type { Metadata } from 'next';
import { PageHeader } from '../../../components/page-header';
import { HealthCharts } from './health-charts';

export const metadata: Metadata = { title: 'Health' };

export default function HealthPage() {
  return (
    <>
      <PageHeader
        title="Health"
        summary="The cluster's key series over the last ten minutes, a point every five seconds: agents, tasks, reconcile passes, DNS and the routing mesh. Prometheus reads the same at /metrics."
      />
      <HealthCharts />
    </>
  );
}
