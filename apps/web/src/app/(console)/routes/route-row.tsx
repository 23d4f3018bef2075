'use client';

import { meshNetworkLabel, type RouteView } from '@switchyard/contracts';
import Link from 'next/link';
import { useRef, useState, type KeyboardEvent } from 'react';
import { focusFirstControl } from '../../../components/focus-first';
import { RemoveRouteAction } from './remove-route-action';
import { RouteTraffic } from './route-counters';
import { RouteForm } from './route-form';
import { RouteHostStates } from './route-host-states';
import { RouteOptions } from './route-options';
import { RouteRouting } from './route-routing';
import { tagTitles } from '../../../lib/badges/explain';

export const routeColumns = 8;

/** Made here (editable) or kept in step with the service's labels (change those instead). */
function SourceCell({ route }: { route: RouteView }) {
  return route.source === 'api' ? (
    <span className="tag route-source nowrap" data-source="api" title={tagTitles.madeHere}>
      made here
    </span>
  ) : (
    <span className="tag route-source nowrap" data-source="label" title={tagTitles.labelRoute}>
      service labels
    </span>
  );
}

/** One route with its live state; an operator edits or removes the ones made here, in place. */
export function RouteRow({ route, operator }: { route: RouteView; operator: boolean }) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const editId = `route-edit-row-${route.id}`;

  // The editor opens with focus in its first field; saved, cancelled or Escape, focus goes back to Edit.
  function closeEditor(): void {
    setEditing(false);
    editButton.current?.focus();
  }

  function closeOnEscape(event: KeyboardEvent<HTMLElement>): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    closeEditor();
  }
  return (
    <>
      <tr data-testid={`route-row-${route.hostname}`} data-routable={route.routable}>
        <th scope="row" className="mono">
          {route.hostname}
          {route.protocol === 'sni' && (
            <span className="tag" title={tagTitles.sni}>
              sni
            </span>
          )}
        </th>
        <td className="mono">
          <Link href={`/services/${encodeURIComponent(route.serviceName)}`}>{route.serviceName}</Link>:
          {route.internalPort}
        </td>
        <td>
          <RouteOptions route={route} />
        </td>
        <td>
          <SourceCell route={route} />
        </td>
        <td>
          <RouteRouting route={route} />
        </td>
        <td>
          <RouteHostStates route={route} />
        </td>
        <td>
          <RouteTraffic counters={route.counters} />
        </td>
        <td className="actions-cell">
          {route.source === 'label' ? (
            <span className="subtle route-readonly">
              Read-only: from {route.serviceName}&apos;s <span className="mono">{meshNetworkLabel}</span>{' '}
              labels
            </span>
          ) : (
            operator && (
              <div className="actions">
                <button
                  ref={editButton}
                  className="button"
                  type="button"
                  aria-expanded={editing}
                  aria-controls={editing ? editId : undefined}
                  onClick={() => setEditing((open) => !open)}
                >
                  Edit
                </button>
                <RemoveRouteAction id={route.id} hostname={route.hostname} />
              </div>
            )
          )}
        </td>
      </tr>
      {editing && (
        <tr id={editId} className="route-edit-row" ref={focusFirstControl} onKeyDown={closeOnEscape}>
          <td colSpan={routeColumns}>
            <RouteForm route={route} onSaved={closeEditor} onCancel={closeEditor} />
          </td>
        </tr>
      )}
    </>
  );
}
