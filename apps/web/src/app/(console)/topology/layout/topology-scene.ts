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

/** Why an object is drawn as broken, one reason a line; empty: nothing known wrong. */
export type Problems = readonly string[];

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
  problems: Problems;
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
  problems: Problems;
}

export interface SpanItem extends ItemBase {
  kind: 'span';
  name: string;
  ingress: boolean;
  status: Realised;
  label: Label;
  problems: Problems;
}

/** A VXLAN endpoint: a badge in its host's bottom row naming its overlay and VNI. */
export interface VtepItem extends ItemBase {
  kind: 'vtep';
  /** The spanning network's key: its band. */
  networkKey: string;
  networkName: string;
  vni: number | null;
  ingress: boolean;
  hostName: string;
  /** `VTEP of appnet (VNI 257) on host1 at 192.168.96.11`: the tooltip and accessible text. */
  title: string;
  status: Realised;
  cx: number;
  cy: number;
  badge: Box;
  /** `appnet 257`, or just `257` where the name has no room. */
  label: Label;
  problems: Problems;
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
  problems: Problems;
}

export interface ServiceItem extends ItemBase {
  kind: 'service';
  name: string;
  replicas: string;
  health: ServiceHealth;
  problems: Problems;
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
  containerName: string;
  networkName: string;
  /** Ends at a VTEP (an overlay) rather than a pill on the host. */
  viaVtep: boolean;
  points: Point[];
  address: string | null;
  /** Its address beside the container, written while the container or the endpoint is hovered. */
  addressLabel: Label | null;
}

/**
 * A service to the container running one of its tasks: a curve from the card to above the task's
 * host, then straight down the gap between two grid columns (never through a network's pill, which
 * would read as an attachment) and into the container from above.
 */
export interface TaskItem extends ItemBase {
  kind: 'task';
  taskName: string;
  from: Point;
  to: Point;
  /** From `to` on, in straight lines, to the container. */
  tail: Point[];
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

/** Why the item is drawn broken; edges and services carry no problems of their own. */
export function problemsOf(item: SceneItem): Problems {
  switch (item.kind) {
    case 'container':
    case 'network':
    case 'vtep':
    case 'host':
    case 'span':
    case 'service':
      return item.problems;
    default:
      return [];
  }
}

/** Where a broken object carries its mark (a red `!`): its top right corner; null: not broken. */
export function brokenMark(item: SceneItem): Point | null {
  if (problemsOf(item).length === 0) return null;
  switch (item.kind) {
    case 'container':
      return { x: item.cx + item.r + 1, y: item.cy - item.r - 1 };
    case 'network':
      return { x: item.pill.x + item.pill.width - 4, y: item.pill.y };
    case 'vtep':
      return { x: item.badge.x + item.badge.width, y: item.badge.y };
    default:
      return { x: item.box.x + item.box.width - 14, y: item.box.y + 14 };
  }
}

/** The mark's radius, in world units. */
export const brokenMarkRadius = 6;

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
