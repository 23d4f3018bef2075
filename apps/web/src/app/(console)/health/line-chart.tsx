import type { Chart } from './health-model';
import { latest } from './health-model';
import { chartHeight as height, chartWidth as width, linePath } from './chart-path';

/** A small chart: every line of one figure over the sampled minutes, with its newest values. */
export function LineChart({ chart }: { chart: Chart }) {
  const all = chart.lines.flatMap((line) => line.values.filter((value) => value !== null));
  const top = Math.max(1, ...all) * 1.1;
  const points = chart.lines.reduce((count, line) => count + line.values.filter((v) => v !== null).length, 0);
  return (
    <section className="card health-chart" data-testid={`health-chart-${chart.id}`} data-points={points}>
      <h2>
        {chart.title}
        {chart.unit !== '' && <span className="subtle"> ({chart.unit})</span>}
      </h2>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${chart.title}: ${chart.lines.map((line) => `${line.name} ${latest(line)}`).join(', ') || 'no data yet'}`}
      >
        <line x1="0" x2={width} y1={height - 1} y2={height - 1} className="health-axis" />
        {chart.lines.map((line) => (
          <path
            key={line.name}
            d={linePath(line.values, top)}
            fill="none"
            stroke={line.color}
            strokeWidth="1.5"
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
      <ul className="health-legend">
        {chart.lines.length === 0 && <li className="subtle">no data yet</li>}
        {chart.lines.map((line) => (
          <li key={line.name}>
            <span className="health-swatch" style={{ background: line.color }} aria-hidden="true" />
            {line.name} <span className="numeric mono">{latest(line)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
