'use client';

import { useEffect, useEffectEvent, useRef } from 'react';
import { CanvasRenderer } from './canvas-renderer';
import type { Emphasis } from '../layout/topology-emphasis';
import type { SceneItem } from '../layout/topology-scene';
import type { ZoomStore } from '../layout/topology-zoom';

/** The painter for large maps: one canvas, redrawn on animation frames only when something changed. */
export function CanvasPainter({
  items,
  emphasis,
  zoom,
  onDrawn,
}: {
  items: readonly SceneItem[];
  emphasis: Emphasis;
  zoom: ZoomStore;
  onDrawn: () => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const renderer = useRef<CanvasRenderer | null>(null);
  const drawn = useEffectEvent(onDrawn);
  const seed = useEffectEvent((created: CanvasRenderer) => {
    created.setItems(items);
    created.setEmphasis(emphasis);
  });
  useEffect(() => {
    if (!canvas.current) return;
    const created = new CanvasRenderer(canvas.current, () => drawn());
    renderer.current = created;
    seed(created);
    created.setZoom(zoom.get());
    const unsubscribe = zoom.subscribe((transform) => created.setZoom(transform));
    return () => {
      unsubscribe();
      created.dispose();
      renderer.current = null;
    };
  }, [zoom]);
  useEffect(() => renderer.current?.setItems(items), [items]);
  useEffect(() => renderer.current?.setEmphasis(emphasis), [emphasis]);
  return (
    <canvas
      ref={canvas}
      className="tp-canvas"
      role="img"
      aria-label="Topology map, drawn on a canvas for its size: use the search and the filters to find an object"
    />
  );
}
