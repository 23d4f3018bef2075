'use client';

import Link from 'next/link';
import type { TopologyModel } from '../model/topology-model';
import type { OutlineRow, TopologyOutline } from '../model/topology-outline';
import { describe } from './topology-details';
import { FactRows } from './topology-hover-card';

/** One object: its state at a glance; open it for every fact and the link to its page. */
function Row({ row, model }: { row: OutlineRow; model: TopologyModel }) {
  const details = describe(row.target, model);
  const broken = row.problems.length > 0;
  return (
    <li
      className="tp-row"
      data-testid={`topo-row-${row.target.kind}-${row.objectName}`}
      data-tone={row.tone}
      {...(broken ? { 'data-broken': 'true' } : {})}
    >
      <details>
        <summary>
          <span className="tp-row-dot" data-tone={row.tone} aria-hidden="true" />
          <span className="tp-row-name">{row.name}</span>
          <span className="tp-row-state" data-tone={row.tone}>
            {broken ? `broken · ${row.state}` : row.state}
          </span>
          {row.detail !== null && <span className="tp-row-detail">{row.detail}</span>}
        </summary>
        {details && (
          <div className="tp-row-facts">
            <FactRows facts={[...details.facts, ...details.lists.flatMap((list) => list.rows)]} />
            <Link href={details.href}>Open {details.name}</Link>
          </div>
        )}
      </details>
      {row.attachments.length > 0 && (
        <ul className="tp-row-attachments" aria-label={`${row.name}'s networks`}>
          {row.attachments.map((attachment) => (
            <li key={attachment.network} data-network={attachment.network}>
              <span className="tp-row-network">{attachment.network}</span>{' '}
              <span className="mono">{attachment.address ?? 'no address'}</span>{' '}
              <span className="tp-row-via">{attachment.via}</span>
            </li>
          ))}
        </ul>
      )}
      {row.problems.map((problem) => (
        <p key={problem} className="tp-row-problem">
          {problem}
        </p>
      ))}
    </li>
  );
}

function Section({ title, rows, model }: { title: string; rows: OutlineRow[]; model: TopologyModel }) {
  if (rows.length === 0) return null;
  return (
    <section className="tp-list-section">
      <h3>
        {title} <span className="subtle">{rows.length}</span>
      </h3>
      <ul className="tp-rows">
        {rows.map((row) => (
          <Row key={row.target.key} row={row} model={model} />
        ))}
      </ul>
    </section>
  );
}

/**
 * The map as a list, for a phone: every object in text the size of the page's, each with the
 * networks it is on, VTEPs with their VNI, and what is broken spelled out.
 */
export function TopologyList({ outline, model }: { outline: TopologyOutline; model: TopologyModel }) {
  return (
    <div className="tp-list" data-testid="topo-list">
      <Section title="Services" rows={outline.services} model={model} />
      <Section title="Overlays" rows={outline.overlays} model={model} />
      {outline.hosts.map((host) => (
        <section key={host.row.target.key} className="tp-list-host" aria-label={`Host ${host.row.name}`}>
          <ul className="tp-rows">
            <Row row={host.row} model={model} />
          </ul>
          <Section title="Networks" rows={host.networks} model={model} />
          <Section title="VTEPs" rows={host.vteps} model={model} />
          <Section title="Containers and tasks" rows={host.containers} model={model} />
        </section>
      ))}
    </div>
  );
}
