import * as d3 from 'd3';
import {
  hostnamesLabel,
  meshNodeHeight,
  meshNodeWidth,
  meshNodeY,
  serviceCardHeight,
} from './topology-layout';
import type { TopoMesh, TopoMeshLink } from './topology-mesh';
import type { TopologyModel } from './topology-model';

type Layer = d3.Selection<SVGGElement, unknown, null, undefined>;
type Group<Datum> = d3.Selection<SVGGElement, Datum, SVGGElement, unknown>;

/** The canvas's hover and open behaviour, applied to the mesh node as to every other element. */
export type Interactive = (group: Group<TopoMesh>) => Group<TopoMesh>;

const meshLabel = (mesh: TopoMesh) =>
  `HRM · routing mesh · ${mesh.routes.length} ${mesh.routes.length === 1 ? 'hostname' : 'hostnames'}`;

/** Joins the mesh node and its edges to the model, keyed so an update touches only what changed. */
export function joinMesh(
  layers: { mesh: Layer; meshLinks: Layer },
  model: TopologyModel,
  interactive: Interactive,
): void {
  layers.mesh
    .selectAll<SVGGElement, TopoMesh>('g.topo-mesh')
    .data(model.mesh ? [model.mesh] : [], (d) => d.key)
    .join((enter) => {
      const group = enter.append('g').attr('class', 'topo-mesh');
      group
        .append('rect')
        .attr('y', -meshNodeHeight / 2)
        .attr('height', meshNodeHeight)
        .attr('rx', meshNodeHeight / 2);
      group.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em');
      return interactive(group);
    })
    .attr('data-testid', 'topo-mesh')
    .attr('data-status', (d) => d.realised)
    .attr('aria-label', (d) => `HTTP routing mesh, ${d.routes.length} hostnames, ${d.realised}`)
    .call((group) =>
      group
        .select('rect')
        .attr('width', (d) => meshNodeWidth(meshLabel(d)))
        .attr('x', (d) => -meshNodeWidth(meshLabel(d)) / 2),
    )
    .call((group) => group.select('text').text(meshLabel));

  layers.meshLinks
    .selectAll<SVGGElement, TopoMeshLink>('g.topo-mesh-link')
    .data(model.meshLinks, (d) => d.key)
    .join((enter) => {
      const group = enter.append('g').attr('class', 'topo-mesh-link');
      group.append('path');
      group.append('text').attr('class', 'topo-mesh-label').attr('text-anchor', 'start');
      group.append('title');
      return group;
    })
    .attr('data-testid', (d) => `topo-mesh-link-${d.serviceName}`)
    .attr('data-status', (d) => d.realised)
    .call((group) => group.select('text').text((d) => hostnamesLabel(d.hostnames)))
    .call((group) => group.select('title').text((d) => `${d.hostnames.join(', ')} → ${d.serviceName}`));
}

const curve = d3.linkVertical();

/**
 * The mesh node centred in its band; each edge curves down to the top of its service's card. The
 * cards live in the shifted part of the map, hence `offset`.
 */
export function positionMesh(
  layers: { mesh: Layer; meshLinks: Layer },
  width: number,
  offset: number,
  services: ReadonlyMap<string, { x: number; y: number }>,
): void {
  const from: [number, number] = [width / 2, meshNodeY + meshNodeHeight / 2];
  layers.mesh.selectAll('g.topo-mesh').attr('transform', `translate(${width / 2},${meshNodeY})`);
  layers.meshLinks.selectAll<SVGGElement, TopoMeshLink>('g.topo-mesh-link').each(function (link) {
    const card = services.get(link.serviceKey);
    if (!card) return;
    const to: [number, number] = [card.x, offset + card.y - serviceCardHeight / 2];
    const group = d3.select(this);
    group.select('path').attr('d', curve({ source: from, target: to }));
    // Beside the edge's end, which comes straight down onto the card, so the line never crosses it.
    group
      .select('text')
      .attr('x', to[0] + 6)
      .attr('y', to[1] - 5);
  });
}
