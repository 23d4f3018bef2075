import { useId } from 'react';
import { eventGroup, eventKindSchema, type EventGroup, type EventKind } from '@switchyard/contracts';
import { isKindChoice, type KindChoice } from '../../../lib/events/timeline-filter';

const groupNames: Record<EventGroup, string> = {
  node: 'Nodes',
  agent: 'Agent reports',
  auth: 'Sign-ins and refusals',
  user: 'Accounts',
  token: 'Join tokens',
  bundle: 'Client bundles',
  network: 'Networks',
  container: 'Containers',
  service: 'Services',
  route: 'Routes',
  diagnostics: 'Diagnostics',
  image: 'Images',
  process: 'Process restarts',
  backup: 'Backups',
};

function byGroup(kinds: readonly EventKind[]): Map<EventGroup, EventKind[]> {
  const groups = new Map<EventGroup, EventKind[]>();
  for (const kind of kinds) {
    const group = eventGroup(kind);
    groups.set(group, [...(groups.get(group) ?? []), kind]);
  }
  return groups;
}

/** A whole group of kinds (`All network events`) or one kind, grouped as the kinds are named. */
export function KindFilter({
  value,
  onChange,
  kinds = eventKindSchema.options,
}: {
  value: KindChoice;
  onChange: (value: KindChoice) => void;
  kinds?: readonly EventKind[];
}) {
  const groups = byGroup(kinds);
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Kind</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          if (isKindChoice(event.target.value)) onChange(event.target.value);
        }}
      >
        <option value="all">All kinds</option>
        <optgroup label="Groups">
          {[...groups.keys()].map((group) => (
            <option key={group} value={`group:${group}`}>
              {groupNames[group]} (all)
            </option>
          ))}
        </optgroup>
        {[...groups].map(([group, members]) => (
          <optgroup key={group} label={groupNames[group]}>
            {members.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
