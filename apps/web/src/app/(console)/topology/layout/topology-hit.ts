import type { Box, Point, SceneItem } from './topology-scene';

/** Which item wins where several overlap: the smallest, most specific one. */
const priority: Record<SceneItem['kind'], number> = {
  container: 9,
  vtep: 9,
  mesh: 8,
  service: 8,
  network: 7,
  span: 6,
  link: 4,
  meshLink: 3,
  task: 2,
  tunnel: 2,
  host: 1,
};

/** A uniform grid over the interactive items' boxes: a point only looks at the items of its cell. */
export interface HitIndex {
  cellSize: number;
  cells: Map<string, SceneItem[]>;
}

const cellKey = (column: number, row: number) => `${column}:${row}`;

export function buildHitIndex(items: readonly SceneItem[], cellSize = 128): HitIndex {
  const cells = new Map<string, SceneItem[]>();
  for (const item of items) {
    if (item.target === null) continue;
    const { x, y, width, height } = item.box;
    for (let column = Math.floor(x / cellSize); column <= Math.floor((x + width) / cellSize); column += 1)
      for (let row = Math.floor(y / cellSize); row <= Math.floor((y + height) / cellSize); row += 1) {
        const key = cellKey(column, row);
        const cell = cells.get(key);
        if (cell) cell.push(item);
        else cells.set(key, [item]);
      }
  }
  return { cellSize, cells };
}

const inBox = (box: Box, point: Point, slack: number) =>
  point.x >= box.x - slack &&
  point.x <= box.x + box.width + slack &&
  point.y >= box.y - slack &&
  point.y <= box.y + box.height + slack;

/** Distance from `point` to the segment from `a` to `b`. */
export function distanceToSegment(point: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = dx * dx + dy * dy;
  const t =
    length === 0 ? 0 : Math.max(0, Math.min(1, ((point.x - a.x) * dx + (point.y - a.y) * dy) / length));
  return Math.hypot(point.x - (a.x + t * dx), point.y - (a.y + t * dy));
}

function hits(item: SceneItem, point: Point, tolerance: number): boolean {
  switch (item.kind) {
    case 'link':
      return (
        inBox(item.box, point, tolerance) &&
        item.points.some((from, index) => {
          const to = item.points[index + 1];
          return to !== undefined && distanceToSegment(point, from, to) <= tolerance;
        })
      );
    case 'task':
      return (
        inBox(item.box, point, tolerance) &&
        [item.from, item.to, ...item.tail].some((from, index, points) => {
          const to = points[index + 1];
          return to !== undefined && distanceToSegment(point, from, to) <= tolerance;
        })
      );
    case 'meshLink':
    case 'tunnel':
      return inBox(item.box, point, tolerance) && distanceToSegment(point, item.from, item.to) <= tolerance;
    default:
      return inBox(item.box, point, 0);
  }
}

/**
 * The item under `point` (world coordinates) among those `shown`, or null. `tolerance` is how near
 * an edge counts as on it, in world units (a few screen pixels at the current zoom).
 */
export function hitTest(
  index: HitIndex,
  point: Point,
  shown: (item: SceneItem) => boolean,
  tolerance: number,
): SceneItem | null {
  const cell = index.cells.get(
    cellKey(Math.floor(point.x / index.cellSize), Math.floor(point.y / index.cellSize)),
  );
  let best: SceneItem | null = null;
  for (const item of cell ?? []) {
    if (!shown(item) || !hits(item, point, tolerance)) continue;
    if (best === null || priority[item.kind] >= priority[best.kind]) best = item;
  }
  return best;
}
