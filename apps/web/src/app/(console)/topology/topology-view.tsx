'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useElementWidth } from '../../../lib/use-element-width';
import { EmptyState } from '../../../components/empty-state';
import { errorMessage } from '../../../lib/trpc/errors';
import { describe } from './panels/topology-details';
import {
  changedKeys,
  enteredKeys,
  isShown,
  keepUnchanged,
  leftItems,
  type Emphasis,
} from './layout/topology-emphasis';
import { flashMs } from './painters/topology-fades';
import { isFiltered, visibleKeys } from './model/topology-filter';
import { TopologyHoverCard } from './panels/topology-hover-card';
import type { LayoutMemory } from './layout/placement';
import { layoutTopology } from './layout/topology-layout';
import { TopologyLegend } from './panels/topology-legend';
import { buildTopology, type TopologyModel } from './model/topology-model';
import { TopologyPanel } from './panels/topology-panel';
import { TopologyList } from './panels/topology-list';
import { buildOutline } from './model/topology-outline';
import {
  parseTopologyQuery,
  topologyQueryString,
  type RendererChoice,
  type TopologyQuery,
  type ViewChoice,
} from './model/topology-query';
import type { Box, Scene, SceneItem, TopoTarget } from './layout/topology-scene';
import { union } from './layout/topology-scene';
import { searchMatches } from './model/topology-search';
import { countText, topologyCounts, type TopoCount } from './model/topology-counts';
import { TopologyStage, type FitRequest, type TopoHover } from './painters/topology-stage';
import { estimate } from './layout/topology-text';
import { browserMeasure } from './painters/text-measure';
import { TopologyToolbar } from './panels/topology-toolbar';
import type { Size } from './layout/topology-zoom';
import { useTopologyData } from './use-topology-data';
import './topology.css';

/** Above this many items SVG gets slow to pan: the canvas painter takes over. */
const canvasThreshold = 1_000;

/**
 * Narrower than this (a phone), the map would be drawn too small to read: the list is shown instead,
 * unless the operator asks for the map.
 */
const listBelowPx = 640;

function chooseView(choice: ViewChoice, width: number): 'map' | 'list' {
  if (choice !== 'auto') return choice;
  return width > 0 && width < listBelowPx ? 'list' : 'map';
}

function ViewSwitch({ view, onPick }: { view: 'map' | 'list'; onPick: (view: 'map' | 'list') => void }) {
  return (
    <div className="tp-views" role="group" aria-label="Show the topology as">
      {(['map', 'list'] as const).map((choice) => (
        <button
          key={choice}
          type="button"
          className="button ghost"
          aria-pressed={view === choice}
          title={choice === 'map' ? 'The drawn map' : 'Every object as a list, readable on a phone'}
          onClick={() => onPick(choice)}
        >
          {choice === 'map' ? 'Map' : 'List'}
        </button>
      ))}
    </div>
  );
}

const emptyScene: Scene = { items: [], bounds: { x: 0, y: 0, width: 1, height: 1 } };

interface Laid {
  model: TopologyModel;
  memory: LayoutMemory;
  scene: Scene;
  leaving: readonly SceneItem[];
  entered: ReadonlySet<string>;
  changed: ReadonlySet<string>;
  /** Counts layouts: a change flashes anew each time. */
  version: number;
}

function choosePainter(choice: RendererChoice, items: number): 'svg' | 'canvas' {
  if (choice !== 'auto') return choice;
  return items > canvasThreshold ? 'canvas' : 'svg';
}

/**
 * What "fit" frames: everything shown. An overlay's band reaches across every host it spans, so a
 * filtered view frames its band's row but not its whole length.
 */
function homeBox(scene: Scene, shown: ReadonlySet<string> | null): Box {
  const visible = scene.items.filter((item) => isShown(item, shown));
  const main = union(visible.filter((item) => item.kind !== 'span').map((item) => item.box));
  if (main === null) return scene.bounds;
  const bottom = Math.max(
    main.y + main.height,
    ...visible.filter((item) => item.kind === 'span').map((item) => item.box.y + item.box.height),
  );
  return { ...main, height: bottom - main.y };
}

/** The header's figures, each a link to the page that lists the same objects. */
function Summary({ counts, filtered }: { counts: readonly TopoCount[]; filtered: boolean }) {
  return (
    <p className="tp-summary muted" data-testid="topo-counts">
      {counts.map((count, index) => (
        <span key={count.href}>
          {index > 0 && ' · '}
          <Link
            href={count.href}
            data-testid={`topo-count-${count.href.slice(1)}`}
            data-total={count.total}
            data-shown={count.shown}
            title={`${count.total} as the ${count.href.slice(1)} page lists them${filtered ? `; ${count.shown} on the filtered map` : ''}`}
          >
            {countText(count, filtered)}
          </Link>
        </span>
      ))}
      {filtered && ' (filtered)'}
    </p>
  );
}

export function TopologyView() {
  const { data, error, pending } = useTopologyData();
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(
    () => parseTopologyQuery(new URLSearchParams(searchParams.toString())),
    [searchParams],
  );
  const model = useMemo(() => (data ? buildTopology(data) : null), [data]);
  const [size, setSize] = useState<Size | null>(null);
  const [laid, setLaid] = useState<Laid | null>(null);
  const [hover, setHover] = useState<TopoHover | null>(null);
  const [selected, setSelected] = useState<TopoTarget | null>(null);
  const [measure] = useState(() => browserMeasure() ?? estimate);
  const root = useRef<HTMLDivElement>(null);
  const width = useElementWidth(root);

  // The layout remembers where everything is: a new model places only what is new.
  if (model && size && laid?.model !== model) {
    const next = layoutTopology(model, laid?.memory ?? null, size, measure);
    const previous = laid?.scene.items ?? null;
    const items = keepUnchanged(previous, next.scene.items);
    const present = new Set(items.map((item) => item.key));
    setLaid({
      model,
      memory: next.memory,
      scene: { items, bounds: next.scene.bounds },
      leaving: [
        ...(laid?.leaving ?? []).filter((item) => !present.has(item.key)),
        ...(previous === null ? [] : leftItems(previous, items)),
      ],
      entered: enteredKeys(previous, items),
      changed: changedKeys(previous, items),
      version: (laid?.version ?? 0) + 1,
    });
  }
  useEffect(() => {
    if (!laid || (laid.leaving.length === 0 && laid.changed.size === 0)) return;
    const timer = setTimeout(
      () => setLaid((current) => current && { ...current, leaving: [], changed: new Set() }),
      flashMs,
    );
    return () => clearTimeout(timer);
  }, [laid]);

  const shown = useMemo(() => (model ? visibleKeys(model, query.filter) : null), [model, query.filter]);
  const matches = useMemo(
    () => (model && query.search.trim() !== '' ? searchMatches(model, query.search) : null),
    [model, query.search],
  );
  const focus = useMemo(
    () => new Set([hover?.target.key, selected?.key].filter((key): key is string => key !== undefined)),
    [hover, selected],
  );
  const emphasis = useMemo((): Emphasis => ({ shown, matches, focus }), [shown, matches, focus]);

  const scene = laid?.scene ?? emptyScene;
  const home = useMemo(() => homeBox(scene, shown), [scene, shown]);
  const filterKey = topologyQueryString({ ...query, search: '', renderer: 'auto', view: 'auto' });
  const matchBox = useMemo(
    () =>
      matches === null
        ? null
        : union(
            scene.items
              .filter((item) => matches.has(item.key) && isShown(item, shown))
              .map((item) => item.box),
          ),
    [matches, scene, shown],
  );
  const ready = laid !== null;
  // Re-framed only when the operator asks (filters, search, fit), never because of a live change.
  const fit = useMemo(
    (): FitRequest =>
      matchBox !== null
        ? { key: `search:${query.search}|${filterKey}`, box: matchBox, animate: true, maxScale: 1.5 }
        : { key: `home:${filterKey}|${ready}`, box: ready ? home : null, animate: true, maxScale: 1 },
    [matchBox, query.search, filterKey, ready, home],
  );

  const setQuery = useCallback(
    (next: TopologyQuery) => {
      // The browser's own history API: Next keeps useSearchParams in step without a server round trip.
      window.history.replaceState(null, '', `${pathname}${topologyQueryString(next)}`);
    },
    [pathname],
  );
  const onDrawn = useCallback(() => {
    if (performance.getEntriesByName('topology:first-draw').length === 0)
      performance.mark('topology:first-draw');
  }, []);

  const view = chooseView(query.view, width);
  const outline = useMemo(
    () => (model && view === 'list' ? buildOutline(model, shown, matches) : null),
    [model, view, shown, matches],
  );

  // The root is always there, so its width is known before the map or the list is chosen.
  const body = (() => {
    if (pending) return <p className="muted">Loading topology…</p>;
    if (error)
      return (
        <p className="form-error" role="alert">
          {errorMessage(error)}
        </p>
      );
    if (!model || model.hosts.length === 0)
      return (
        <EmptyState title="Nothing to draw yet">
          <p>Once a node joins, it appears here with its predefined bridge network.</p>
        </EmptyState>
      );
    return null;
  })();
  if (body !== null || !model)
    return (
      <div className="tp" ref={root}>
        {body}
      </div>
    );

  const counts = data ? topologyCounts(data, model, shown) : [];
  const renderer = choosePainter(query.renderer, scene.items.length);
  const hoverDetails = hover ? describe(hover.target, model) : null;
  const selectedDetails = selected ? describe(selected, model) : null;
  const nothingShown = shown !== null && shown.size === 0;

  return (
    <div className="tp" ref={root} data-testid="topo-root" data-view={view}>
      <TopologyToolbar
        model={model}
        query={query}
        found={matches === null ? null : matches.size}
        renderer={view === 'map' ? renderer : null}
        onChange={setQuery}
      />
      <div className="tp-header">
        <Summary counts={counts} filtered={isFiltered(query.filter)} />
        <ViewSwitch view={view} onPick={(picked) => setQuery({ ...query, view: picked })} />
      </div>
      {outline !== null ? (
        <TopologyList outline={outline} model={model} />
      ) : (
        <TopologyStage
          scene={scene}
          leaving={laid?.leaving ?? []}
          entered={laid?.entered ?? new Set()}
          changed={laid?.changed ?? new Set()}
          version={laid?.version ?? 0}
          emphasis={emphasis}
          renderer={renderer}
          fit={fit}
          home={home}
          onSize={setSize}
          onHover={setHover}
          onSelect={setSelected}
          onDrawn={onDrawn}
        >
          {nothingShown && <p className="tp-nothing">Nothing on the map matches these filters.</p>}
          {hover && hoverDetails && size && hover.target.key !== selected?.key && (
            <TopologyHoverCard hover={hover} details={hoverDetails} stage={size} />
          )}
          {selectedDetails && <TopologyPanel details={selectedDetails} onClose={() => setSelected(null)} />}
        </TopologyStage>
      )}
      {view === 'map' && <TopologyLegend />}
    </div>
  );
}
