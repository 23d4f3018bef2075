'use client';

import { roleAllows, type ContainerView } from '@switchyard/contracts';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useSession } from '../../../../components/session-context';
import { ContainerProcesses } from './container-processes';
import { ContainerTerminal } from './container-terminal';
import './container-inside.css';

const tabs = [
  { id: 'processes', label: 'Processes' },
  { id: 'terminal', label: 'Terminal' },
] as const;
type TabId = (typeof tabs)[number]['id'];

const liveStatuses: ReadonlySet<ContainerView['status']> = new Set(['running', 'restarting']);

/**
 * What runs inside the container, in tabs: its process list and a terminal. Only the shown tab is
 * mounted, so the list refreshes and the shell lives only while looked at.
 */
export function ContainerInside({ container }: { container: ContainerView }) {
  const { role } = useSession();
  const [shown, setShown] = useState<TabId>('processes');
  const buttons = useRef(new Map<TabId, HTMLButtonElement>());
  const running = liveStatuses.has(container.status);

  // Arrow keys move between tabs, as the ARIA tabs pattern has it.
  function moveFocus(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const at = tabs.findIndex((tab) => tab.id === shown);
    const next = tabs[(at + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    if (next === undefined) return;
    setShown(next.id);
    buttons.current.get(next.id)?.focus();
  }

  function panel(tab: TabId) {
    if (!running)
      return <p className="muted">The container is {container.status}: start it to see inside.</p>;
    if (tab === 'processes') return <ContainerProcesses containerId={container.id} />;
    if (!roleAllows(role, 'operator'))
      return (
        <p className="muted" data-testid="terminal-needs-operator">
          A terminal runs commands in the container, so it needs the operator role; you are signed in as a{' '}
          {role}.
        </p>
      );
    return <ContainerTerminal containerId={container.id} />;
  }

  return (
    <section className="section" aria-labelledby="container-inside">
      <div className="section-header">
        <h2 id="container-inside">Inside</h2>
        <div className="tabs" role="tablist" aria-label="Inside the container" onKeyDown={moveFocus}>
          {tabs.map((tab) => (
            <button
              key={tab.id}
              ref={(button) => {
                if (button) buttons.current.set(tab.id, button);
              }}
              id={`container-tab-${tab.id}`}
              className="tab"
              type="button"
              role="tab"
              aria-selected={shown === tab.id}
              aria-controls={`container-panel-${tab.id}`}
              tabIndex={shown === tab.id ? 0 : -1}
              onClick={() => setShown(tab.id)}
            >
              {tab.label}
            </button>
          ))}
        </div>
      </div>
      <div
        id={`container-panel-${shown}`}
        role="tabpanel"
        aria-labelledby={`container-tab-${shown}`}
        className="tab-panel"
      >
        {panel(shown)}
      </div>
    </section>
  );
}
