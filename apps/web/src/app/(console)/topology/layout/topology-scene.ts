import type { ContainerStatus, NetworkView, NodeStatus } from '@switchyard/contracts';
import type { ServiceHealth } from '../../../../lib/services/format';
import type { Realised } from '../model/realised';
import type { Token } from './tokens';
import type { Face } from './topology-text';

/** What hovering or clicking an element is about: an object of the model, by its key. */
export interface TopoTarget {
  kind: 'host' | 'network' | 'vtep' | 'container' | 'service' | 'mesh' | 'link';
  key: string;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** A text placed in world coordinates (`y` is its baseline), already cut to the room it has. */
export interface Label {
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
  size: number;
  face: Face;
  weight: 400 | 600;
  tone: Token;
  /** Drawn over edges: a halo of this colour keeps it readable. */
  halo: Token | null;
}

interface ItemBase {
  key: string;
  /** What hover and click are about; null: not interactive. */
  target: TopoTarget | null;
  /** World bounds: for hit-testing, culling and zooming to the item. */
  box: Box;
  /**
   * The model objects the item stands for (an edge: both ends). The item is drawn only while every one
   * of them passes the filters.
   */
  ends: readonly string[];
}

export interface HostItem extends ItemBase {
  kind: 'host';
  name: string;
  status: NodeStatus;
  title: Label;
  subtitle: Label;
  /** `VTEP 192.168.96.11`, once per host: every VTEP of a host shares its underlay address. */
  vtepLabel: Label | null;
}

export interface NetworkItem extends ItemBase {
  kind: 'network';
  name: string;
  driver: NetworkView['driver'];
  predefined: boolean;
  status: Realised;
  pill: Box;
  label: Label;
  sublabel: Label;
}

export interface SpanItem extends ItemBase {
  kind: 'span';
  name: string;
  ingress: boolean;
  status: Realised;
  label: Label;
}

export interface VtepItem extends ItemBase {
  kind: 'vtep';
  /** The spanning network's key: its band. */
  networkKey: string;
  networkName: string;
  hostName: string;
  /** `VTEP 192.168.96.11`: the tooltip (and accessible text) of the square. */
  title: string;
  status: Realised;
  cx: number;
  cy: number;
  size: number;
}

export interface TunnelItem extends ItemBase {
  kind: 'tunnel';
  status: Realised;
  from: Point;
  to: Point;
}

export interface ContainerItem extends ItemBase {
  kind: 'container';
  name: string;
  status: ContainerStatus;
  /** Runs a service's task. */
  task: boolean;
  cx: number;
  cy: number;
  r: number;
  label: Label;
  ports: Label | null;
}

export interface ServiceItem extends ItemBase {
  kind: 'service';
  name: string;
  replicas: string;
  health: ServiceHealth;
  title: Label;
  replicasLabel: Label;
  lines: Label[];
}

export interface MeshItem extends ItemBase {
  kind: 'mesh';
  status: Realised;
  label: Label;
}

/** An endpoint: from a container along its network's bus to the network's pill or VTEP. */
export interface LinkItem extends ItemBase {
  kind: 'link';
  points: Point[];
  address: string | null;
  /** Its address beside the container, written while the container or the endpoint is hovered. */
  addressLabel: Label | null;
}

/** A service to the container running one of its tasks. */
export interface TaskItem extends ItemBase {
  kind: 'task';
  taskName: string;
  from: Point;
  to: Point;
}

/** The HTTP routing mesh to a service it routes hostnames to. */
export interface MeshLinkItem extends ItemBase {
  kind: 'meshLink';
  serviceName: string;
  status: Realised;
  from: Point;
  to: Point;
  label: Label;
  hostnames: string[];
}

export type SceneItem =
  | HostItem
  | NetworkItem
  | SpanItem
  | VtepItem
  | TunnelItem
  | ContainerItem
  | ServiceItem
  | MeshItem
  | LinkItem
  | TaskItem
  | MeshLinkItem;

/** Everything to draw, in paint order, with the world's bounds. */
export interface Scene {
  items: readonly SceneItem[];
  bounds: Box;
}

export function union(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const box of boxes) {
    left = Math.min(left, box.x);
    top = Math.min(top, box.y);
    right = Math.max(right, box.x + box.width);
    bottom = Math.max(bottom, box.y + box.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

export function intersects(a: Box, b: Box): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
}

/** Whether `inner` lies wholly inside `outer` (to a pixel). */
export function contains(outer: Box, inner: Box): boolean {
  return (
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1
  );
}

export function pointsBox(points: readonly Point[]): Box {
  return (
    union(points.map((point) => ({ x: point.x, y: point.y, width: 0, height: 0 }))) ?? {
      x: 0,
      y: 0,
      width: 0,
      height: 0,
    }
  );
}

export function segmentBox(from: Point, to: Point): Box {
  return {
    x: Math.min(from.x, to.x),
    y: Math.min(from.y, to.y),
    width: Math.abs(to.x - from.x),
    height: Math.abs(to.y - from.y),
  };
}
