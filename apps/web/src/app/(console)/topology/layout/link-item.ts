import type { TopoLink } from '../model/topology-model';
import { gridBottom, gridTop, label, type Frame } from './frame';
import { metrics } from './metrics';
import type { ContainerItem, LinkItem } from './topology-scene';
import { pointsBox } from './topology-scene';

/** Where an endpoint's bus ends: a pill's foot or a VTEP's top, and the lane its bus runs in. */
export interface Anchor {
  x: number;
  y: number;
  side: 'rail' | 'vtep';
  lane: number;
}

/**
 * An endpoint as a bus: from the container sideways into its column's gutter, along it to the
 * network's bus lane, then to the pill (left, above the grid) or the VTEP (right, below it). Every
 * endpoint of a network in one column shares its gutter, so the lines bundle instead of fanning out.
 */
export function linkItem(
  frame: Frame,
  link: TopoLink,
  container: ContainerItem,
  to: Anchor,
  order: number,
): LinkItem {
  const cellLeft = container.cx - metrics.cellWidth / 2;
  const points =
    to.side === 'rail'
      ? (() => {
          const gutter = cellLeft + 4 + (to.lane % 6) * 3;
          const bus = gridTop(frame) - 4 - to.lane * metrics.busGap;
          return [
            { x: container.cx - container.r, y: container.cy },
            { x: gutter, y: container.cy },
            { x: gutter, y: bus },
            { x: to.x, y: bus },
            { x: to.x, y: to.y },
          ];
        })()
      : (() => {
          const gutter = cellLeft + metrics.cellWidth - 4 - (to.lane % 8) * 3;
          const bus = gridBottom(frame) + 4 + to.lane * metrics.busGap;
          return [
            { x: container.cx + container.r, y: container.cy },
            { x: gutter, y: container.cy },
            { x: gutter, y: bus },
            { x: to.x, y: bus },
            { x: to.x, y: to.y },
          ];
        })();
  return {
    kind: 'link',
    key: link.key,
    target: { kind: 'link', key: link.key },
    box: pointsBox(points),
    ends: [link.containerKey, link.networkKey],
    containerName: link.containerName,
    networkName: link.networkName,
    viaVtep: to.side === 'vtep',
    points,
    address: link.address,
    addressLabel:
      link.address === null
        ? null
        : label(container.cx + container.r + 4, container.cy - 2 + order * 11, link.address, {
            size: 10,
            face: 'mono',
            weight: 600,
            tone: 'accent',
            halo: 'surface-sunken',
          }),
  };
}
