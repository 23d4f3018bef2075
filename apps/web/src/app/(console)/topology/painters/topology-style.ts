import type { ContainerStatus, NodeStatus } from '@switchyard/contracts';
import type { ServiceHealth } from '../../../../lib/services/format';
import type { Realised } from '../model/realised';
import type { SceneItem } from '../layout/topology-scene';
import type { Token } from '../layout/tokens';

export const cssVar = (token: Token) => `var(--${token})`;

export interface ShapeStyle {
  fill: Token | null;
  stroke: Token;
  lineWidth: number;
  dash: readonly number[] | null;
  /** Corner radius of a box; ignored for lines and circles. */
  radius: number;
  opacity: number;
}

const shape = (style: Partial<ShapeStyle> & Pick<ShapeStyle, 'stroke'>): ShapeStyle => ({
  fill: null,
  lineWidth: 1.5,
  dash: null,
  radius: 0,
  opacity: 1,
  ...style,
});

const toneColours: Record<Realised, { fill: Token; stroke: Token }> = {
  ready: { fill: 'info-bg', stroke: 'info' },
  pending: { fill: 'warn-bg', stroke: 'warn' },
  failing: { fill: 'bad-bg', stroke: 'bad' },
};

const containerColours: Record<ContainerStatus, { fill: Token; stroke: Token }> = {
  running: { fill: 'ok-bg', stroke: 'ok' },
  created: { fill: 'warn-bg', stroke: 'warn' },
  restarting: { fill: 'warn-bg', stroke: 'warn' },
  exited: { fill: 'bad-bg', stroke: 'bad' },
  dead: { fill: 'bad-bg', stroke: 'bad' },
};

const healthStroke: Record<ServiceHealth, Token> = {
  healthy: 'ok',
  converging: 'warn',
  degraded: 'bad',
  idle: 'border-strong',
};

export const hostStyle = (status: NodeStatus) =>
  status === 'down'
    ? shape({ fill: 'bad-bg', stroke: 'bad', dash: [6, 4], radius: 12 })
    : shape({ fill: 'surface-sunken', stroke: 'border-strong', radius: 12 });

export function networkStyle(
  network: { predefined: boolean; driver: string; status: Realised },
  height: number,
): ShapeStyle {
  if (network.predefined && network.status === 'ready')
    return shape({ fill: 'surface', stroke: 'info', dash: [4, 3], radius: height / 2 });
  // A macvlan is a port of the host's interface rather than a bridge: square-cornered.
  const macvlan = network.driver === 'macvlan';
  return shape({
    ...toneColours[network.status],
    radius: macvlan ? 3 : height / 2,
    lineWidth: macvlan ? 2 : 1.5,
  });
}

export const spanStyle = (span: { ingress: boolean; status: Realised }, height: number) =>
  span.ingress && span.status === 'ready'
    ? shape({ fill: 'surface', stroke: 'mesh', dash: [6, 3], radius: height / 2 })
    : shape({ ...toneColours[span.status], radius: height / 2 });

export const vtepStyle = (vtep: { status: Realised; ingress: boolean }) =>
  vtep.ingress && vtep.status === 'ready'
    ? shape({ fill: 'surface', stroke: 'mesh', radius: 4 })
    : shape({ ...toneColours[vtep.status], radius: 4 });

export const tunnelStyle = (status: Realised) =>
  shape({ stroke: status === 'ready' ? 'info' : toneColours[status].stroke, dash: [3, 3] });

export const containerStyle = (status: ContainerStatus) =>
  shape({ ...containerColours[status], lineWidth: 2 });

export const serviceStyle = (health: ServiceHealth) =>
  shape({ fill: 'surface', stroke: healthStroke[health], radius: 8 });

export const meshStyle = (status: Realised, height: number) =>
  shape({
    fill: 'surface',
    stroke: status === 'ready' ? 'mesh' : toneColours[status].stroke,
    lineWidth: 2,
    radius: height / 2,
  });

export const linkStyle = shape({ stroke: 'border-strong', lineWidth: 1.2, opacity: 0.9 });
export const taskStyle = shape({ stroke: 'ok', lineWidth: 1, opacity: 0.45 });
export const meshLinkStyle = (status: Realised) =>
  shape({ stroke: status === 'failing' ? 'bad' : 'mesh', dash: [5, 3] });

/** How an item's shape is filled and stroked; its labels carry their own tone. */
export function shapeStyle(item: SceneItem): ShapeStyle {
  switch (item.kind) {
    case 'host':
      return hostStyle(item.status);
    case 'network':
      return networkStyle(item, item.pill.height);
    case 'span':
      return spanStyle(item, item.box.height);
    case 'vtep':
      return vtepStyle(item);
    case 'tunnel':
      return tunnelStyle(item.status);
    case 'container':
      return containerStyle(item.status);
    case 'service':
      return serviceStyle(item.health);
    case 'mesh':
      return meshStyle(item.status, item.box.height);
    case 'link':
      return linkStyle;
    case 'task':
      return taskStyle;
    case 'meshLink':
      return meshLinkStyle(item.status);
  }
}

/** Emphasised (hovered, selected or related) edges: the accent colour, thicker, fully opaque. */
export function activeEdgeStyle(style: ShapeStyle): ShapeStyle {
  return { ...style, stroke: 'accent', lineWidth: style.lineWidth + 1, opacity: 1 };
}
