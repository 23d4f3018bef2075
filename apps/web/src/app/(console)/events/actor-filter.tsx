'use client';

import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { isActorChoice, type ActorChoice } from '../../../lib/events/timeline-filter';
import { useTRPC } from '../../../lib/trpc/react';

/**
 * Everyone, one class of actor (people, agents, the control plane), or one actor by name; the names
 * are those the log has seen, with how many events each.
 */
export function ActorFilter({
  value,
  onChange,
  audit = false,
  label = 'Actor',
}: {
  value: ActorChoice;
  onChange: (value: ActorChoice) => void;
  audit?: boolean;
  label?: string;
}) {
  const trpc = useTRPC();
  const id = useId();
  const actors = useQuery(trpc.events.actors.queryOptions({ audit }));
  const known = actors.data ?? [];
  // A chosen actor stays choosable while the list loads, or after its events aged out of it.
  const chosen = value.startsWith('actor:') ? value.slice('actor:'.length) : null;
  const names =
    chosen !== null && !known.some((entry) => entry.actor === chosen)
      ? [{ actor: chosen, count: 0 }, ...known]
      : known;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          if (isActorChoice(event.target.value)) onChange(event.target.value);
        }}
      >
        <option value="all">{audit ? 'Everyone' : 'All actors'}</option>
        {!audit && (
          <optgroup label="Kinds of actor">
            <option value="class:user">People (dashboard, CLI, Docker API)</option>
            <option value="class:agent">Agents</option>
            <option value="class:system">Control plane</option>
          </optgroup>
        )}
        <optgroup label={audit ? 'Users and clients' : 'One actor'}>
          {names.map((entry) => (
            <option key={entry.actor} value={`actor:${entry.actor}`}>
              {entry.actor}
              {entry.count > 0 ? ` (${entry.count})` : ''}
            </option>
          ))}
        </optgroup>
      </select>
    </div>
  );
}
