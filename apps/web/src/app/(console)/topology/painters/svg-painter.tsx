'use client';

import { memo, useEffect, useRef, type CSSProperties, type ReactNode } from 'react';
import { isShown, itemState, type Emphasis, type ItemState } from '../layout/topology-emphasis';
import type { Box as BoxShape, Label, Point, SceneItem, TaskItem } from '../layout/topology-scene';
import { brokenMark, brokenMarkRadius, problemsOf } from '../layout/topology-scene';
import { cssVar, shapeStyle, activeEdgeStyle, type ShapeStyle } from './topology-style';
import { transformAttribute, type ZoomStore } from '../layout/topology-zoom';

type Phase = 'enter' | 'leave' | null;

function Text({ label, className }: { label: Label; className?: string }) {
  return (
    <text
      x={label.x}
      y={label.y}
      textAnchor={label.anchor}
      fontSize={label.size}
      fontWeight={label.weight}
      className={`tp-text tp-${label.face} tp-tone-${label.tone}${label.halo ? ` tp-halo tp-halo-${label.halo}` : ''}${className ? ` ${className}` : ''}`}
    >
      {label.text}
    </text>
  );
}

function Box({ box, radius, style }: { box: BoxShape; radius: number; style: CSSProperties }) {
  return <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={radius} style={style} />;
}

const paint = (style: ShapeStyle): CSSProperties => ({
  fill: style.fill === null ? 'none' : cssVar(style.fill),
  stroke: cssVar(style.stroke),
  strokeWidth: style.lineWidth,
  strokeDasharray: style.dash?.join(' '),
  opacity: style.opacity === 1 ? undefined : style.opacity,
});

/** A vertical S-curve: services and the mesh reach down to what they serve. */
export function curve(from: Point, to: Point): string {
  const middle = (from.y + to.y) / 2;
  return `M${from.x},${from.y} C${from.x},${middle} ${to.x},${middle} ${to.x},${to.y}`;
}

/** A task's edge: the curve to above its host, then straight down the column gap into the container. */
export const taskPath = (item: TaskItem) =>
  `${curve(item.from, item.to)}${item.tail.map((point) => ` L${point.x},${point.y}`).join('')}`;

/** A red `!` on a broken object; its tooltip says why. */
function BrokenMark({ item }: { item: SceneItem }) {
  const at = brokenMark(item);
  if (at === null) return null;
  return (
    <g className="tp-broken" data-testid="topo-broken-mark">
      <circle className="tp-broken-dot" cx={at.x} cy={at.y} r={brokenMarkRadius} />
      <text className="tp-broken-text" x={at.x} y={at.y + 3.5} textAnchor="middle" fontSize={9.5}>
        !
      </text>
      <title>{`Broken: ${problemsOf(item).join('; ')}`}</title>
    </g>
  );
}

function ariaLabel(item: SceneItem): string {
  const problems = problemsOf(item);
  const broken = problems.length === 0 ? '' : `, broken: ${problems.join('; ')}`;
  return `${plainLabel(item)}${broken}`;
}

function plainLabel(item: SceneItem): string {
  switch (item.kind) {
    case 'host':
      return `Host ${item.name}, ${item.status}`;
    case 'network':
      return `Network ${item.name}, ${item.driver}, ${item.status}`;
    case 'span':
      return `Network ${item.name}, ${item.ingress ? 'routing mesh on every host' : 'overlay across hosts'}, ${item.status}`;
    case 'vtep':
      return `${item.title}, ${item.status}`;
    case 'container':
      return `Container ${item.name}, ${item.status}`;
    case 'service':
      return `Service ${item.name}, ${item.replicas} running, ${item.health}`;
    case 'mesh':
      return `HTTP routing mesh, ${item.status}`;
    case 'meshLink':
      return `Routes ${item.hostnames.join(', ')} to ${item.serviceName}`;
    default:
      return item.key;
  }
}

/** The attributes every interactive group has: focusable, named, and its key for the stage. */
function interactive(item: SceneItem, phase: Phase) {
  if (item.target === null || phase === 'leave') return {};
  return { tabIndex: 0, role: 'button', 'aria-label': ariaLabel(item), 'data-key': item.key };
}

function Shape({ item, state }: { item: SceneItem; state: ItemState }): ReactNode {
  const base = shapeStyle(item);
  const style = paint(state === 'focus' && item.ends.length > 1 ? activeEdgeStyle(base) : base);
  switch (item.kind) {
    case 'host':
      return (
        <>
          <Box box={item.box} radius={base.radius} style={style} />
          <Text label={item.title} />
          <Text label={item.subtitle} />
        </>
      );
    case 'network':
      return (
        <>
          <rect
            className="tp-hit"
            x={item.box.x}
            y={item.box.y}
            width={item.box.width}
            height={item.box.height}
          />
          <Box box={item.pill} radius={base.radius} style={style} />
          <Text label={item.label} />
          <Text label={item.sublabel} />
        </>
      );
    case 'span':
    case 'mesh':
      return (
        <>
          <Box box={item.box} radius={base.radius} style={style} />
          <Text label={item.label} />
        </>
      );
    case 'vtep':
      return (
        <>
          <Box box={item.badge} radius={base.radius} style={style} />
          <Text label={item.label} />
          <title>{item.title}</title>
        </>
      );
    case 'tunnel':
      return <line x1={item.from.x} y1={item.from.y} x2={item.to.x} y2={item.to.y} style={style} />;
    case 'container':
      return (
        <>
          <rect
            className="tp-hit"
            x={item.box.x}
            y={item.box.y}
            width={item.box.width}
            height={item.box.height}
          />
          <circle cx={item.cx} cy={item.cy} r={item.r} style={style} />
          {item.task && <circle className="tp-task-dot" cx={item.cx} cy={item.cy} r={2.5} />}
          <Text label={item.label} />
          {item.ports && <Text label={item.ports} />}
        </>
      );
    case 'service':
      return (
        <>
          <Box box={item.box} radius={base.radius} style={style} />
          <Text label={item.title} />
          <Text label={item.replicasLabel} />
          {item.lines.map((line, index) => (
            <Text key={index} label={line} />
          ))}
        </>
      );
    case 'meshLink':
      return (
        <>
          <path d={curve(item.from, item.to)} style={style} />
          <Text label={item.label} />
          <title>{`${item.hostnames.join(', ')} → ${item.serviceName}`}</title>
        </>
      );
    case 'task':
      return <path d={taskPath(item)} style={style} />;
    case 'link':
      return (
        <>
          <polyline points={item.points.map((point) => `${point.x},${point.y}`).join(' ')} style={style} />
          {state === 'focus' && item.addressLabel && <Text label={item.addressLabel} />}
          <title>{item.address ?? 'no address'}</title>
        </>
      );
  }
}

/** An outline that fades out over a changed object: a container stopped, a network failed. */
function Flash({ item }: { item: SceneItem }) {
  if (item.kind === 'container')
    return <circle className="tp-flash" cx={item.cx} cy={item.cy} r={item.r + 5} />;
  const box = item.kind === 'network' ? item.pill : item.box;
  return (
    <rect
      className="tp-flash"
      x={box.x - 3}
      y={box.y - 3}
      width={box.width + 6}
      height={box.height + 6}
      rx={8}
    />
  );
}

const testIds = (item: SceneItem): Record<string, string | boolean> => {
  switch (item.kind) {
    case 'host':
      return { 'data-testid': `topo-host-${item.name}`, 'data-status': item.status };
    case 'network':
      return {
        'data-testid': `topo-network-${item.name}`,
        'data-status': item.status,
        'data-predefined': item.predefined,
        'data-driver': item.driver,
      };
    case 'span':
      return {
        'data-testid': `topo-network-${item.name}`,
        'data-status': item.status,
        'data-ingress': item.ingress,
      };
    case 'vtep':
      return {
        'data-testid': `topo-vtep-${item.networkName}-${item.hostName}`,
        'data-status': item.status,
        'data-vni': item.vni === null ? '' : String(item.vni),
      };
    case 'container':
      return {
        'data-testid': `topo-container-${item.name}`,
        'data-status': item.status,
        'data-task': item.task,
      };
    case 'service':
      return {
        'data-testid': `topo-service-${item.name}`,
        'data-replicas': item.replicas,
        'data-health': item.health,
      };
    case 'mesh':
      return { 'data-testid': 'topo-mesh', 'data-status': item.status };
    case 'meshLink':
      return { 'data-testid': `topo-mesh-link-${item.serviceName}`, 'data-status': item.status };
    case 'task':
      return { 'data-testid': `topo-task-${item.taskName}` };
    case 'link':
      return {
        'data-testid': `topo-link-${item.containerName}-${item.networkName}`,
        'data-via': item.viaVtep ? 'vtep' : 'pill',
      };
    default:
      return {};
  }
};

const brokenIds = (item: SceneItem): Record<string, string> => {
  const problems = problemsOf(item);
  return problems.length === 0 ? {} : { 'data-broken': 'true', 'data-problems': problems.join('; ') };
};

/** One item; unchanged items (same object, same state) are skipped by React. */
const SvgItem = memo(function SvgItem({
  item,
  state,
  phase,
  flash = null,
}: {
  item: SceneItem;
  state: ItemState;
  phase: Phase;
  /** Set when the item's look just changed: keyed by the layout, so each change flashes anew. */
  flash?: number | null;
}) {
  const className = [
    'tp-item',
    `tp-${item.kind}`,
    state === 'normal' ? '' : `is-${state}`,
    phase === 'enter' ? 'is-entering' : phase === 'leave' ? 'is-leaving' : '',
  ]
    .filter(Boolean)
    .join(' ');
  // Gone objects fade out without their test ids: a test waiting for one to go sees it go at once.
  return (
    <g
      className={className}
      {...(phase === 'leave' ? {} : { ...testIds(item), ...brokenIds(item) })}
      {...interactive(item, phase)}
    >
      <Shape item={item} state={state} />
      <BrokenMark item={item} />
      {flash !== null && <Flash key={flash} item={item} />}
    </g>
  );
});

/**
 * The accessible painter: one SVG element per object, focusable and named, with the test ids the
 * end-to-end specs use. React draws it; panning only moves one group's transform.
 */
export function SvgPainter({
  items,
  leaving,
  entered,
  changed,
  version,
  emphasis,
  zoom,
  onDrawn,
}: {
  items: readonly SceneItem[];
  leaving: readonly SceneItem[];
  entered: ReadonlySet<string>;
  changed: ReadonlySet<string>;
  version: number;
  emphasis: Emphasis;
  zoom: ZoomStore;
  onDrawn: () => void;
}) {
  const viewport = useRef<SVGGElement>(null);
  useEffect(
    () =>
      zoom.subscribe((transform) =>
        viewport.current?.setAttribute('transform', transformAttribute(transform)),
      ),
    [zoom],
  );
  useEffect(() => {
    if (items.length > 0) onDrawn();
  }, [items, onDrawn]);
  return (
    <svg className="tp-svg" role="group" aria-label="Topology map: hosts, networks, containers and services">
      <g ref={viewport} transform={transformAttribute(zoom.get())}>
        {items.map((item) =>
          isShown(item, emphasis.shown) ? (
            <SvgItem
              key={item.key}
              item={item}
              state={itemState(item, emphasis)}
              phase={entered.has(item.key) ? 'enter' : null}
              flash={changed.has(item.key) ? version : null}
            />
          ) : null,
        )}
        {leaving.map((item) => (
          <SvgItem key={`leaving:${item.key}`} item={item} state="normal" phase="leave" />
        ))}
      </g>
    </svg>
  );
}
