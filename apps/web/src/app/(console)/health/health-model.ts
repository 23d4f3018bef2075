import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../lib/trpc/app-router';

export type HealthSeries = inferRouterOutputs<AppRouter>['health']['series'];
export type HealthPoint = HealthSeries['points'][number];

export interface ChartLine {
  name: string;
  /** A CSS colour (a theme variable), so lines follow the light and dark themes. */
  color: string;
  /** One value per point; null where the series had nothing to say (no pass ran, a node was away). */
  values: (number | null)[];
}

export interface Chart {
  id: string;
  title: string;
  unit: string;
  lines: ChartLine[];
}

const palette = ['var(--accent)', 'var(--ok)', 'var(--mesh)', 'var(--warn)', 'var(--info)', 'var(--bad)'];
const statusColors: Record<string, string> = {
  '1xx': 'var(--text-subtle)',
  '2xx': 'var(--ok)',
  '3xx': 'var(--info)',
  '4xx': 'var(--warn)',
  '5xx': 'var(--bad)',
};

/** Keys seen in any point, sorted, so a line keeps its colour while the page is open. */
function keysOf(records: Record<string, number>[]): string[] {
  return [...new Set(records.flatMap((record) => Object.keys(record)))].sort();
}

function nodeNames(points: HealthPoint[]): string[] {
  return [...new Set(points.flatMap((point) => point.nodes.map((node) => node.node)))].sort();
}

/** One line per node of a figure each node reports. */
function perNode(
  points: HealthPoint[],
  figure: (node: HealthPoint['nodes'][number]) => number | null,
): ChartLine[] {
  return nodeNames(points).map((name, index) => ({
    name,
    color: palette[index % palette.length] ?? 'var(--accent)',
    values: points.map((point) => {
      const node = point.nodes.find((candidate) => candidate.node === name);
      return node === undefined ? null : figure(node);
    }),
  }));
}

/** The Health page's charts from the sampled points, oldest first. Pure. */
export function healthCharts(points: HealthPoint[]): Chart[] {
  const taskStates = keysOf(points.map((point) => point.tasks));
  const proxyPerPoint = points.map((point) => {
    const sums: Record<string, number> = {};
    for (const node of point.nodes)
      for (const [code, rate] of Object.entries(node.proxyRequestsPerSecond))
        sums[code] = (sums[code] ?? 0) + rate;
    return sums;
  });
  return [
    {
      id: 'agents',
      title: 'Agents connected',
      unit: '',
      lines: [
        { name: 'agents', color: 'var(--accent)', values: points.map((point) => point.agentsConnected) },
      ],
    },
    {
      id: 'tasks',
      title: 'Tasks by state',
      unit: '',
      lines: taskStates.map((state, index) => ({
        name: state,
        color: state === 'running' ? 'var(--ok)' : (palette[index % palette.length] ?? 'var(--accent)'),
        values: points.map((point) => point.tasks[state] ?? 0),
      })),
    },
    {
      id: 'reconcile',
      title: 'Reconcile pass p95 per node',
      unit: 'ms',
      lines: perNode(points, (node) => node.reconcileP95Ms),
    },
    {
      id: 'dns',
      title: 'DNS queries per node',
      unit: 'q/s',
      lines: perNode(points, (node) => node.dnsQueriesPerSecond),
    },
    {
      id: 'proxy',
      title: 'Routing mesh requests by status',
      unit: 'req/s',
      lines: keysOf(proxyPerPoint).map((code) => ({
        name: code,
        color: statusColors[code] ?? 'var(--accent)',
        values: proxyPerPoint.map((sums) => sums[code] ?? 0),
      })),
    },
    {
      id: 'push',
      title: 'Push to applied p95',
      unit: 'ms',
      lines: [
        { name: 'control plane', color: 'var(--mesh)', values: points.map((point) => point.pushP95Ms) },
      ],
    },
  ];
}

/** The newest value of a line, for its legend: a dash when it has none. */
export function latest(line: ChartLine): string {
  for (let index = line.values.length - 1; index >= 0; index -= 1) {
    const value = line.values[index];
    if (value !== null && value !== undefined) return String(Math.round(value * 10) / 10);
  }
  return '–';
}
