'use client';

import { useQuery } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { useTRPC } from '../../../lib/trpc/react';
import { HostViewPanel } from './host-view-panel';
import { PathCheckPanel } from './path-check-panel';
import { ProbePanel } from './probe-panel';
import './diagnostics.css';

const tabs = [
  { id: 'path', label: 'Why can’t A reach B' },
  { id: 'probe', label: 'Probe from a sandbox' },
  { id: 'host', label: 'Host view' },
] as const;
type TabId = (typeof tabs)[number]['id'];

/** Three tools on one page, as tabs that arrow keys move between (the WAI-ARIA tabs pattern). */
export function DiagnosticsView() {
  const trpc = useTRPC();
  const targets = useQuery(trpc.diagnostics.targets.queryOptions());
  const [tab, setTab] = useState<TabId>('path');

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    const index = tabs.findIndex((candidate) => candidate.id === tab);
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (next === undefined) return;
    setTab(next.id);
    document.getElementById(`diag-tab-${next.id}`)?.focus();
  }

  return (
    <div className="diagnostics">
      <div className="diag-tabs" role="tablist" aria-label="Diagnostics tools" onKeyDown={onKeyDown}>
        {tabs.map((candidate) => (
          <button
            key={candidate.id}
            id={`diag-tab-${candidate.id}`}
            type="button"
            role="tab"
            className="diag-tab"
            aria-selected={tab === candidate.id}
            aria-controls={`diag-panel-${candidate.id}`}
            tabIndex={tab === candidate.id ? 0 : -1}
            onClick={() => setTab(candidate.id)}
          >
            {candidate.label}
          </button>
        ))}
      </div>
      <div
        id={`diag-panel-${tab}`}
        role="tabpanel"
        aria-labelledby={`diag-tab-${tab}`}
        className="diag-panel"
        tabIndex={0}
      >
        {tab === 'path' && <PathCheckPanel targets={targets.data} />}
        {tab === 'probe' && <ProbePanel targets={targets.data} />}
        {tab === 'host' && <HostViewPanel targets={targets.data} />}
      </div>
    </div>
  );
}
