'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import type { Details } from './topology-details';
import { FactRows } from './topology-hover-card';

/** The selected object's key facts beside the map, with the way to its full page. */
export function TopologyPanel({ details, onClose }: { details: Details; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Keyboard users land on what they opened.
  useEffect(() => heading.current?.focus(), [details.kind, details.name]);
  return (
    <aside
      className="tp-panel"
      aria-label={`${details.kind} ${details.name}`}
      data-testid="topo-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <header className="tp-panel-header">
        <div>
          <p className="tp-card-kind">{details.kind}</p>
          <h2 ref={heading} tabIndex={-1}>
            {details.name}
          </h2>
        </div>
        <button className="button ghost" type="button" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </header>
      <div className="tp-panel-body">
        <FactRows facts={details.facts} />
        {details.lists.map((list) =>
          list.rows.length === 0 ? null : (
            <section key={list.title} className="tp-panel-list">
              <h3>
                {list.title} <span className="subtle">{list.rows.length}</span>
              </h3>
              <FactRows facts={list.rows} />
            </section>
          ),
        )}
      </div>
      <footer className="tp-panel-footer">
        <Link className="button primary" href={details.href}>
          Open
        </Link>
      </footer>
    </aside>
  );
}
