'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc/react';
import { healthCharts } from './health-model';
import { LineChart } from './line-chart';

/** The control plane samples every few seconds; the page asks a little more often to stay live. */
const refreshMs = 3_000;

export function HealthCharts() {
  const trpc = useTRPC();
  const series = useQuery({ ...trpc.health.series.queryOptions(), refetchInterval: refreshMs });
  if (series.error) return <p role="alert">Cannot read the cluster&apos;s series: {series.error.message}</p>;
  const points = series.data?.points ?? [];
  return (
    <div className="inspect-grid health-grid" data-testid="health-charts" aria-busy={series.isPending}>
      {healthCharts(points).map((chart) => (
        <LineChart key={chart.id} chart={chart} />
      ))}
    </div>
  );
}
