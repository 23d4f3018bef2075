import type {
  ContainerItem,
  Label,
  LinkItem,
  Point,
  SceneItem,
  TaskItem,
  TunnelItem,
} from '../layout/topology-scene';
import type { ShapeStyle } from './topology-style';

/** The kinds there are hundreds of: drawn in batches rather than one by one. */
export type BatchedItem = LinkItem | TaskItem | TunnelItem | ContainerItem;

/** A broken container carries a mark: drawn on its own. */
export const isBatched = (item: SceneItem): item is BatchedItem =>
  item.kind === 'link' ||
  item.kind === 'task' ||
  item.kind === 'tunnel' ||
  (item.kind === 'container' && item.problems.length === 0);

interface Group {
  style: ShapeStyle;
  opacity: number;
  path: Path2D;
}

/**
 * Items of one kind in one path per look: 500 containers cost one fill and one stroke per state
 * instead of 500 of each. Their labels and task dots are drawn after the shapes, as one by one.
 */
export class Batch {
  readonly groups = new Map<string, Group>();
  readonly labels: { label: Label; opacity: number }[] = [];
  readonly dots: { at: Point; opacity: number }[] = [];

  constructor(readonly kind: BatchedItem['kind']) {}

  add(item: BatchedItem, style: ShapeStyle, opacity: number): void {
    const key = `${style.fill}|${style.stroke}|${style.lineWidth}|${style.dash?.join(',') ?? ''}|${style.opacity}|${opacity}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { style, opacity, path: new Path2D() };
      this.groups.set(key, group);
    }
    const { path } = group;
    switch (item.kind) {
      case 'link':
        for (const [index, point] of item.points.entries())
          if (index === 0) path.moveTo(point.x, point.y);
          else path.lineTo(point.x, point.y);
        break;
      case 'tunnel':
        path.moveTo(item.from.x, item.from.y);
        path.lineTo(item.to.x, item.to.y);
        break;
      case 'task': {
        const middle = (item.from.y + item.to.y) / 2;
        path.moveTo(item.from.x, item.from.y);
        path.bezierCurveTo(item.from.x, middle, item.to.x, middle, item.to.x, item.to.y);
        for (const point of item.tail) path.lineTo(point.x, point.y);
        break;
      }
      case 'container':
        path.moveTo(item.cx + item.r, item.cy);
        path.arc(item.cx, item.cy, item.r, 0, 2 * Math.PI);
        this.labels.push({ label: item.label, opacity });
        if (item.ports) this.labels.push({ label: item.ports, opacity });
        if (item.task) this.dots.push({ at: { x: item.cx, y: item.cy }, opacity });
        break;
    }
  }
}
