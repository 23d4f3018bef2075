'use client';

import { useState, type KeyboardEvent } from 'react';
import { isFiltered, type TopologyFilter } from '../model/topology-filter';
import type { TopologyModel } from '../model/topology-model';
import type { TopologyQuery } from '../model/topology-query';

type Dimension = keyof TopologyFilter;

const dimensionNames: Record<Dimension, string> = {
  networks: 'network',
  services: 'service',
  hosts: 'host',
  labels: 'label',
};

const unique = (values: readonly string[]) => [...new Set(values)].toSorted((a, b) => a.localeCompare(b));

/** Every label on the map as `key=value`, for the label field's suggestions. */
function knownLabels(model: TopologyModel): string[] {
  const all = [...model.containers, ...model.services, ...model.networks].flatMap((object) =>
    Object.entries(object.labels).map(([key, value]) => (value === '' ? key : `${key}=${value}`)),
  );
  return unique(all).slice(0, 200);
}

function Picker({
  label,
  options,
  onPick,
}: {
  label: string;
  options: readonly string[];
  onPick: (value: string) => void;
}) {
  return (
    <select
      className="tp-picker"
      aria-label={label}
      value=""
      onChange={(event) => {
        if (event.target.value !== '') onPick(event.target.value);
      }}
    >
      <option value="">{label}…</option>
      {options.map((option) => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
    </select>
  );
}

/** Search, filters and the renderer in use; every change goes to the address, so views can be shared. */
export function TopologyToolbar({
  model,
  query,
  found,
  renderer,
  onChange,
}: {
  model: TopologyModel;
  query: TopologyQuery;
  found: number | null;
  /** The painter drawing the map; null: the list is shown instead. */
  renderer: 'svg' | 'canvas' | null;
  onChange: (query: TopologyQuery) => void;
}) {
  const [search, setSearch] = useState(query.search);
  const [label, setLabel] = useState('');
  const { filter } = query;
  const known: Record<Dimension, string[]> = {
    networks: unique(model.networks.map((network) => network.name)),
    services: unique(model.services.map((service) => service.name)),
    hosts: model.hosts.map((host) => host.name),
    labels: knownLabels(model),
  };
  const add = (dimension: Dimension, value: string) => {
    const trimmed = value.trim();
    if (trimmed === '' || filter[dimension].includes(trimmed)) return;
    onChange({ ...query, filter: { ...filter, [dimension]: [...filter[dimension], trimmed] } });
  };
  const remove = (dimension: Dimension, value: string) =>
    onChange({ ...query, filter: { ...filter, [dimension]: filter[dimension].filter((v) => v !== value) } });
  const onLabelKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add('labels', label);
    setLabel('');
  };
  const chips = (Object.keys(dimensionNames) as Dimension[]).flatMap((dimension) =>
    filter[dimension].map((value) => ({
      dimension,
      value,
      known: dimension === 'labels' || known[dimension].includes(value),
    })),
  );

  return (
    <div className="tp-toolbar">
      <div className="tp-controls" role="search">
        <input
          className="tp-search"
          type="search"
          aria-label="Search the map"
          placeholder="Search names, addresses, ports"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            onChange({ ...query, search: event.target.value });
          }}
        />
        <output className="tp-found subtle" aria-live="polite">
          {found === null ? '' : found === 1 ? '1 found' : `${found} found`}
        </output>
        <Picker label="Network" options={known.networks} onPick={(value) => add('networks', value)} />
        <Picker label="Service" options={known.services} onPick={(value) => add('services', value)} />
        <Picker label="Host" options={known.hosts} onPick={(value) => add('hosts', value)} />
        <input
          className="tp-label-input"
          aria-label="Label filter"
          placeholder="label key=value ⏎"
          list="tp-known-labels"
          value={label}
          onChange={(event) => setLabel(event.target.value)}
          onKeyDown={onLabelKey}
        />
        <datalist id="tp-known-labels">
          {known.labels.map((known) => (
            <option key={known} value={known} />
          ))}
        </datalist>
        {renderer !== null && (
          <span
            className="tp-renderer subtle"
            title="Large maps are drawn on a canvas; ?renderer=svg|canvas forces one"
          >
            {renderer === 'svg' ? 'SVG' : 'Canvas'}
          </span>
        )}
      </div>
      {chips.length > 0 && (
        <ul className="tp-chips" aria-label="Filters">
          {chips.map((chip) => (
            <li key={`${chip.dimension}=${chip.value}`}>
              <button
                type="button"
                className="tp-chip"
                data-known={chip.known}
                aria-label={`Remove the ${dimensionNames[chip.dimension]} filter ${chip.value}`}
                title={chip.known ? undefined : `No ${dimensionNames[chip.dimension]} named ${chip.value}`}
                onClick={() => remove(chip.dimension, chip.value)}
              >
                <span className="tp-chip-kind">{dimensionNames[chip.dimension]}</span> {chip.value}
                {!chip.known && ' (none)'} <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
          {isFiltered(filter) && (
            <li>
              <button
                type="button"
                className="button ghost tp-clear"
                onClick={() =>
                  onChange({ ...query, filter: { networks: [], services: [], hosts: [], labels: [] } })
                }
              >
                Clear filters
              </button>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
