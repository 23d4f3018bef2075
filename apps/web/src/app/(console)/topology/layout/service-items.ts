import type { TopoMeshLink } from '../model/topology-mesh';
import type { TopologyModel, TopoService } from '../model/topology-model';
import { fitted, label, type Frame } from './frame';
import { metrics } from './metrics';
import type { Box, MeshItem, MeshLinkItem, Point, ServiceItem } from './topology-scene';
import { segmentBox } from './topology-scene';

// The items drawn above the hosts: service cards, the routing mesh and its edges to the services.

export function serviceItem(frame: Frame, service: TopoService, card: Box): ServiceItem {
  const left = card.x + 10;
  const room = card.width - 20;
  const replicas = label(card.x + card.width - 10, card.y + 19, service.replicas, {
    anchor: 'end',
    weight: 600,
    size: 12,
    tone: service.health === 'healthy' ? 'ok' : service.health === 'degraded' ? 'bad' : 'warn',
  });
  const titleRoom = room - frame.measure(service.replicas, 12, 'sans', 600) - 8;
  const [vip] = service.vips;
  const vipText =
    vip === undefined
      ? 'no VIP'
      : `VIP ${vip}${service.vips.length > 1 ? ` +${service.vips.length - 1}` : ''}`;
  const line = (y: number, text: string) =>
    fitted(frame, left, y, text, room, { size: 10, face: 'mono', tone: 'text-muted' });
  return {
    kind: 'service',
    key: service.key,
    target: { kind: 'service', key: service.key },
    box: card,
    ends: [service.key],
    name: service.name,
    replicas: service.replicas,
    health: service.health,
    problems: service.problems,
    title: fitted(frame, left, card.y + 19, service.name, titleRoom, { size: 12, weight: 600 }),
    replicasLabel: replicas,
    lines: [
      line(card.y + 37, vipText),
      line(card.y + 52, service.ports.length === 0 ? 'no published port' : service.ports.join(', ')),
    ],
  };
}

export function meshItem(frame: Frame, model: TopologyModel, centre: Point): MeshItem | null {
  if (!model.mesh) return null;
  const count = model.mesh.routes.length;
  const text = `HRM · HTTP routing mesh · ${count} ${count === 1 ? 'hostname' : 'hostnames'}`;
  const width = frame.measure(text, 11.5, 'sans', 600) + 32;
  const box = {
    x: centre.x - width / 2,
    y: centre.y - metrics.meshHeight / 2,
    width,
    height: metrics.meshHeight,
  };
  return {
    kind: 'mesh',
    key: model.mesh.key,
    target: { kind: 'mesh', key: model.mesh.key },
    box,
    ends: [model.mesh.key],
    status: model.mesh.realised,
    label: label(centre.x, centre.y + 4, text, { anchor: 'middle', size: 11.5, weight: 600, tone: 'mesh' }),
  };
}

export function meshLinkItem(frame: Frame, link: TopoMeshLink, mesh: MeshItem, card: Box): MeshLinkItem {
  const from = { x: mesh.box.x + mesh.box.width / 2, y: mesh.box.y + mesh.box.height };
  const to = { x: card.x + card.width / 2, y: card.y };
  const text =
    link.hostnames.length === 1
      ? (link.hostnames[0] ?? '')
      : `${link.hostnames[0] ?? ''} +${link.hostnames.length - 1}`;
  return {
    kind: 'meshLink',
    key: link.key,
    target: { kind: 'mesh', key: mesh.key },
    box: segmentBox(from, to),
    ends: [mesh.key, link.serviceKey],
    serviceName: link.serviceName,
    status: link.realised,
    from,
    to,
    hostnames: link.hostnames,
    // Beside the edge's end, inside the card's right half: never over a neighbour's label.
    label: fitted(frame, to.x + 6, to.y - 7, text, card.width / 2 - 8, {
      size: 10,
      face: 'mono',
      tone: 'mesh',
      halo: 'surface',
    }),
  };
}
