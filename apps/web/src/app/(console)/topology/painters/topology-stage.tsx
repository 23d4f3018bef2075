'use client';

import * as d3 from 'd3';
import {
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import { CanvasPainter } from './canvas-painter';
import { SvgPainter } from './svg-painter';
import { isShown, type Emphasis } from '../layout/topology-emphasis';
import { buildHitIndex, hitTest } from '../layout/topology-hit';
import { contains, type Box, type Scene, type SceneItem, type TopoTarget } from '../layout/topology-scene';
import {
  createZoomStore,
  fitTransform,
  keyAction,
  scaleExtent,
  toScreen,
  toWorld,
  visibleWorld,
  type Size,
} from '../layout/topology-zoom';

/** The hovered (or keyboard-focused) object and where it is on the stage, for the summary card. */
export interface TopoHover {
  target: TopoTarget;
  /** Its box on screen, relative to the stage. */
  anchor: Box;
}

/** Bring `box` into view whenever `key` changes. */
export interface FitRequest {
  key: string;
  box: Box | null;
  animate: boolean;
  maxScale: number;
}

function useElementSize(ref: React.RefObject<HTMLElement | null>): Size {
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry)
        setSize({ width: Math.round(entry.contentRect.width), height: Math.round(entry.contentRect.height) });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

const toTransform = ({ k, x, y }: { k: number; x: number; y: number }) =>
  d3.zoomIdentity.translate(x, y).scale(k);

/**
 * The map's surface: d3-zoom (wheel, drag, buttons, keys), hit-testing through a grid for hover and
 * click, and whichever painter fits the map's size. Overlays (card, panel) come in as children.
 */
export function TopologyStage({
  scene,
  leaving,
  entered,
  changed,
  version,
  emphasis,
  renderer,
  fit,
  home,
  onSize,
  onHover,
  onSelect,
  onDrawn,
  children,
}: {
  scene: Scene;
  leaving: readonly SceneItem[];
  entered: ReadonlySet<string>;
  changed: ReadonlySet<string>;
  version: number;
  emphasis: Emphasis;
  renderer: 'svg' | 'canvas';
  fit: FitRequest;
  /** What "fit" and the 0 key show: everything the filters let through. */
  home: Box;
  onSize: (size: Size) => void;
  onHover: (hover: TopoHover | null) => void;
  onSelect: (target: TopoTarget | null) => void;
  onDrawn: () => void;
  children: ReactNode;
}) {
  const surface = useRef<HTMLDivElement>(null);
  const behaviour = useRef<d3.ZoomBehavior<HTMLDivElement, unknown> | null>(null);
  const hovered = useRef<string | null>(null);
  /** The operator panned or zoomed: the map stops framing new content by itself. */
  const moved = useRef(false);
  const fitted = useRef(false);
  const [zoom] = useState(createZoomStore);
  const size = useElementSize(surface);
  const index = useMemo(() => buildHitIndex(scene.items), [scene.items]);
  const byKey = useMemo(() => new Map(scene.items.map((item) => [item.key, item])), [scene.items]);
  function hover(next: TopoHover | null): void {
    hovered.current = next?.target.key ?? null;
    onHover(next);
  }
  const leaveOnZoom = useEffectEvent(() => {
    if (hovered.current !== null) hover(null);
  });

  useEffect(() => {
    const element = surface.current;
    if (!element) return;
    const zoomBehaviour = d3
      .zoom<HTMLDivElement, unknown>()
      .scaleExtent(scaleExtent)
      .on('zoom', (event: d3.D3ZoomEvent<HTMLDivElement, unknown>) => {
        const { k, x, y } = event.transform;
        zoom.set({ k, x, y });
        if (event.sourceEvent) moved.current = true;
        leaveOnZoom();
      });
    const selection = d3.select(element).call(zoomBehaviour).on('dblclick.zoom', null);
    behaviour.current = zoomBehaviour;
    return () => {
      selection.on('.zoom', null);
      behaviour.current = null;
    };
  }, [zoom]);

  const sized = size.width > 0 && size.height > 0;
  const reportSize = useEffectEvent(() => onSize(size));
  useEffect(() => {
    if (sized) reportSize();
  }, [sized, size.width, size.height]);

  function zoomTo(box: Box, animate: boolean, maxScale: number): void {
    const element = surface.current;
    const zoomBehaviour = behaviour.current;
    if (!element || !zoomBehaviour || !sized) return;
    const transform = toTransform(fitTransform(box, size, 44, maxScale));
    const selection = d3.select(element);
    const animated = animate && fitted.current;
    fitted.current = true;
    if (animated) selection.transition().duration(350).call(zoomBehaviour.transform, transform);
    else selection.call(zoomBehaviour.transform, transform);
  }
  const applyFit = useEffectEvent(() => {
    if (fit.box === null) return;
    moved.current = false;
    zoomTo(fit.box, fit.animate, fit.maxScale);
  });
  useEffect(() => applyFit(), [fit.key, sized]);
  // Until the operator takes the camera, what grows out of view (a new host, a service) is framed in.
  const keepInView = useEffectEvent(() => {
    if (moved.current || !sized || !fitted.current || fit.box !== home) return;
    const view = visibleWorld(zoom.get(), size);
    if (!contains(view, home)) zoomTo(home, false, 1);
  });
  useEffect(() => keepInView(), [home]);

  function zoomBy(factor: number): void {
    moved.current = true;
    const element = surface.current;
    if (element && behaviour.current)
      d3.select(element).transition().duration(200).call(behaviour.current.scaleBy, factor);
  }

  function itemAt(clientX: number, clientY: number): SceneItem | null {
    const element = surface.current;
    if (!element) return null;
    const frame = element.getBoundingClientRect();
    const current = zoom.get();
    const point = toWorld(current, { x: clientX - frame.left, y: clientY - frame.top });
    return hitTest(index, point, (item) => isShown(item, emphasis.shown), 5 / current.k);
  }

  function anchorOf(item: SceneItem, pointer: { x: number; y: number } | null): Box {
    // An edge is long: the card goes beside the pointer rather than beside the whole edge.
    if (pointer !== null && item.ends.length > 1) return { x: pointer.x, y: pointer.y, width: 1, height: 1 };
    return toScreen(zoom.get(), item.box);
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>): void {
    if (event.buttons !== 0) return;
    const item = itemAt(event.clientX, event.clientY);
    const target = item?.target ?? null;
    if ((target?.key ?? null) === hovered.current) return;
    event.currentTarget.dataset.hover = String(target !== null);
    const frame = event.currentTarget.getBoundingClientRect();
    hover(
      item && target
        ? { target, anchor: anchorOf(item, { x: event.clientX - frame.left, y: event.clientY - frame.top }) }
        : null,
    );
  }

  function onFocus(event: FocusEvent<HTMLDivElement>): void {
    const key = event.target.closest('[data-key]')?.getAttribute('data-key');
    const item = key ? byKey.get(key) : undefined;
    if (item?.target) hover({ target: item.target, anchor: anchorOf(item, null) });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const element = surface.current;
    const zoomBehaviour = behaviour.current;
    if (!element || !zoomBehaviour) return;
    const key = (event.target as Element).closest('[data-key]')?.getAttribute('data-key');
    if ((event.key === 'Enter' || event.key === ' ') && key) {
      event.preventDefault();
      onSelect(byKey.get(key)?.target ?? null);
      return;
    }
    if (event.key === 'Escape') {
      onSelect(null);
      return;
    }
    const action = keyAction(event.key);
    if (action === null || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    if ('zoom' in action) zoomBy(action.zoom);
    else if ('fit' in action) zoomTo(home, true, 1);
    else {
      moved.current = true;
      const { k } = zoom.get();
      d3.select(element)
        .transition()
        .duration(120)
        .call(zoomBehaviour.translateBy, action.pan.x / k, action.pan.y / k);
    }
  }

  return (
    <div className="tp-stage">
      <div
        ref={surface}
        className="tp-surface"
        tabIndex={0}
        role="application"
        aria-roledescription="map"
        aria-label="Topology. Drag or use the arrow keys to pan, scroll or + and - to zoom, 0 to fit; Enter on an object opens its details."
        data-testid="topology"
        data-renderer={renderer}
        onPointerMove={onPointerMove}
        onPointerLeave={() => hover(null)}
        onClick={(event) => onSelect(itemAt(event.clientX, event.clientY)?.target ?? null)}
        onFocus={onFocus}
        onBlur={() => hover(null)}
        onKeyDown={onKeyDown}
      >
        {renderer === 'svg' ? (
          <SvgPainter
            items={scene.items}
            leaving={leaving}
            entered={entered}
            changed={changed}
            version={version}
            emphasis={emphasis}
            zoom={zoom}
            onDrawn={onDrawn}
          />
        ) : (
          <CanvasPainter items={scene.items} emphasis={emphasis} zoom={zoom} onDrawn={onDrawn} />
        )}
      </div>
      <div className="tp-zoom" role="toolbar" aria-label="Zoom">
        <button className="button" type="button" onClick={() => zoomBy(1.25)} aria-label="Zoom in">
          +
        </button>
        <button className="button" type="button" onClick={() => zoomBy(0.8)} aria-label="Zoom out">
          −
        </button>
        <button
          className="button"
          type="button"
          onClick={() => zoomTo(home, true, 1)}
          aria-label="Fit to view"
        >
          Fit
        </button>
      </div>
      {children}
    </div>
  );
}
