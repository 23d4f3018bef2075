import { eventKindSchema, type EventKind } from '@switchyard/contracts';

export type KindFilterValue = EventKind | 'all';

function groupByPrefix(kinds: readonly EventKind[]): Map<string, EventKind[]> {
  const groups = new Map<string, EventKind[]>();
  for (const kind of kinds) {
    const prefix = kind.split('.')[0] ?? kind;
    groups.set(prefix, [...(groups.get(prefix) ?? []), kind]);
  }
  return groups;
}

// Grouped by the part before the first dot: node, agent, auth, user, token.
const kindGroups = groupByPrefix(eventKindSchema.options);

function isKindFilterValue(value: string): value is KindFilterValue {
  return value === 'all' || eventKindSchema.safeParse(value).success;
}

export function KindFilter({
  value,
  onChange,
}: {
  value: KindFilterValue;
  onChange: (value: KindFilterValue) => void;
}) {
  return (
    <label className="field inline-field">
      <span>Kind</span>
      <select
        value={value}
        onChange={(event) => {
          if (isKindFilterValue(event.target.value)) onChange(event.target.value);
        }}
      >
        <option value="all">All kinds</option>
        {[...kindGroups].map(([group, kinds]) => (
          <optgroup key={group} label={group}>
            {kinds.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
