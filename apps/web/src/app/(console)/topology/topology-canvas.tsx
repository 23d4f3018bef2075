'use client';

import * as d3 from 'd3';
import { useEffect, useEffectEvent, useRef } from 'react';
import { useElementWidth } from '../../../lib/use-element-width';
import {
  containerRadius,
  containWithinHosts,
  hostCells,
  hostRegion,
  meshBandHeight,
  networkPillWidth,
  reconcileNodes,
  serviceBandHeight,
  serviceCardHeight,
  serviceCardWidth,
  servicePositions,
  simLinks,
  spanBandHeight,
  spanRect,
  vtepSize,
  type HostCell,
  type SimLink,
  type SimNode,
} from './topology-layout';
import { joinMesh, positionMesh } from './topology-mesh-layer';
import type { TopoMeshLink } from './topology-mesh';
import type {
  TopoContainer,
  TopoHost,
  TopoLink,
  TopoNetwork,
  TopologyModel,
  TopoService,
  TopoTaskLink,
  TopoVtep,
} from './topology-model';

export interface TopoTarget {
  kind: 'host' | 'network' | 'vtep' | 'container' | 'service' | 'mesh';
  key: string;
}

/** Where the hovered or focused element is, relative to the canvas, for the summary card. */
export interface TopoHover {
  target: TopoTarget;
  x: number;
  y: number;
}

const canvasHeight = 600;

interface CanvasState {
  svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  layers: Record<
    | 'meshLinks'
    | 'mesh'
    | 'hosts'
    | 'spans'
    | 'tunnels'
    | 'taskLinks'
    | 'links'
    | 'networks'
    | 'vteps'
    | 'containers'
    | 'services',
    d3.Selection<SVGGElement, unknown, null, undefined>
  >;
  /** Everything but the routing mesh, shifted down by the mesh's band while it is drawn. */
  content: d3.Selection<SVGGElement, unknown, null, undefined>;
  meshOffset: number;
  zoom: d3.ZoomBehavior<SVGSVGElement, unknown>;
  simulation: d3.Simulation<SimNode, SimLink>;
  nodes: Map<string, SimNode>;
  links: SimLink[];
  cells: Map<string, HostCell>;
  width: number;
  model: TopologyModel | null;
}

function translate(node: SimNode | undefined): string {
  return `translate(${node?.x ?? 0},${node?.y ?? 0})`;
}

const spanning = (model: TopologyModel | null) =>
  model?.networks.filter((network) => network.hostId === null) ?? [];

/** The bands of the spanning networks, by network key: fixed rows under the hosts. */
function spanRects(state: CanvasState): Map<string, ReturnType<typeof spanRect>> {
  const spans = spanning(state.model);
  return new Map(
    spans.map((network, row) => {
      const hostIds = state.model?.vteps
        .filter((vtep) => vtep.networkKey === network.key)
        .map((vtep) => vtep.hostId);
      const canvas = { row, rows: spans.length, width: state.width, height: canvasHeight };
      return [network.key, spanRect(network, hostIds ?? [], state.cells, canvas)];
    }),
  );
}

/** Moves every drawn element to its simulation node; the host boxes follow their contents. */
function renderPositions(state: CanvasState): void {
  const { layers, nodes, cells } = state;
  const spans = spanRects(state);
  layers.spans.selectAll<SVGGElement, TopoNetwork>('g.topo-span').each(function (network) {
    const rect = spans.get(network.key);
    if (!rect) return;
    const group = d3.select(this);
    group
      .select('rect')
      .attr('x', rect.x)
      .attr('y', rect.y)
      .attr('width', rect.width)
      .attr('height', rect.height);
    group
      .select('text')
      .attr('x', rect.x + rect.width / 2)
      .attr('y', rect.y + rect.height / 2);
  });
  layers.vteps
    .selectAll<SVGGElement, TopoVtep>('g.topo-vtep')
    .attr('transform', (d) => translate(nodes.get(d.key)));
  // A tunnel drops straight from the VTEP onto its band, clamped to the band's ends.
  layers.tunnels.selectAll<SVGLineElement, TopoVtep>('line.topo-tunnel').each(function (vtep) {
    const from = nodes.get(vtep.key);
    const band = spans.get(vtep.networkKey);
    if (!from || !band) return;
    const x = Math.min(Math.max(from.x ?? 0, band.x + 12), band.x + band.width - 12);
    d3.select(this)
      .attr('x1', from.x ?? 0)
      .attr('y1', (from.y ?? 0) + vtepSize / 2)
      .attr('x2', x)
      .attr('y2', band.y);
  });
  layers.networks
    .selectAll<SVGGElement, TopoNetwork>('g.topo-network')
    .attr('transform', (d) => translate(nodes.get(d.key)));
  layers.containers
    .selectAll<SVGGElement, TopoContainer>('g.topo-container')
    .attr('transform', (d) => translate(nodes.get(d.key)));
  // Services sit in their band; each task edge runs from the card's bottom to the task's container.
  const services = servicePositions(state.model?.services ?? [], state.width);
  layers.services.selectAll<SVGGElement, TopoService>('g.topo-service').attr('transform', (d) => {
    const at = services.get(d.key);
    return `translate(${at?.x ?? 0},${at?.y ?? 0})`;
  });
  positionMesh(layers, state.width, state.meshOffset, services);
  layers.taskLinks.selectAll<SVGLineElement, TopoTaskLink>('line.topo-task-link').each(function (link) {
    const from = services.get(link.serviceKey);
    const to = nodes.get(link.containerKey);
    d3.select(this)
      .attr('x1', from?.x ?? 0)
      .attr('y1', (from?.y ?? 0) + serviceCardHeight / 2)
      .attr('x2', to?.x ?? 0)
      .attr('y2', to?.y ?? 0);
  });
  layers.links.selectAll<SVGGElement, TopoLink>('g.topo-link').each(function (link) {
    const from = nodes.get(link.networkKey);
    const to = nodes.get(link.containerKey);
    const [x1, y1, x2, y2] = [from?.x ?? 0, from?.y ?? 0, to?.x ?? 0, to?.y ?? 0];
    const group = d3.select(this);
    group.selectAll('line').attr('x1', x1).attr('y1', y1).attr('x2', x2).attr('y2', y2);
    group
      .select('text')
      .attr('x', (x1 + x2) / 2)
      .attr('y', (y1 + y2) / 2 - 4);
  });
  const hostNodes = d3.group([...nodes.values()], (node) => node.hostId);
  layers.hosts.selectAll<SVGGElement, TopoHost>('g.topo-host').each(function (host) {
    const cell = cells.get(host.id);
    if (!cell) return;
    const region = hostRegion(cell, hostNodes.get(host.id) ?? []);
    const group = d3.select(this);
    group
      .select('rect')
      .attr('x', region.x)
      .attr('y', region.y)
      .attr('width', region.width)
      .attr('height', region.height);
    group
      .select('text')
      .attr('x', region.x + 12)
      .attr('y', region.y + 18);
  });
}

/**
 * The d3 drawing: hosts as regions, networks as pills, containers as circles, endpoints as lines. React
 * owns the <svg>; d3 owns what is inside it, keyed by id so an update moves only what changed.
 */
export function TopologyCanvas({
  model,
  onHover,
  onOpen,
}: {
  model: TopologyModel;
  onHover: (hover: TopoHover | null) => void;
  onOpen: (target: TopoTarget) => void;
}) {
  const wrapperRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const stateRef = useRef<CanvasState | null>(null);
  const width = useElementWidth(wrapperRef);
  const hover = useEffectEvent(onHover);
  const open = useEffectEvent(onOpen);

  useEffect(() => {
    const element = svgRef.current;
    if (!element) return;
    const svg = d3.select(element);
    const viewport = svg.append('g').attr('class', 'topo-viewport');
    const meshLayer = (name: string) => viewport.append('g').attr('class', `topo-layer-${name}`);
    const meshLinks = meshLayer('mesh-links');
    const mesh = meshLayer('mesh');
    const content = viewport.append('g').attr('class', 'topo-content');
    const layer = (name: string) => content.append('g').attr('class', `topo-layer-${name}`);
    const layers = {
      meshLinks,
      mesh,
      hosts: layer('hosts'),
      spans: layer('spans'),
      tunnels: layer('tunnels'),
      taskLinks: layer('task-links'),
      links: layer('links'),
      networks: layer('networks'),
      vteps: layer('vteps'),
      containers: layer('containers'),
      services: layer('services'),
    };
    const zoom = d3
      .zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.4, 3])
      .on('zoom', (event: d3.D3ZoomEvent<SVGSVGElement, unknown>) => {
        viewport.attr('transform', event.transform.toString());
        hover(null);
      });
    svg.call(zoom).on('dblclick.zoom', null);

    const state: CanvasState = {
      svg,
      layers,
      content,
      meshOffset: 0,
      zoom,
      nodes: new Map(),
      links: [],
      cells: new Map(),
      width: 0,
      model: null,
      simulation: d3.forceSimulation<SimNode, SimLink>([]).stop(),
    };
    const cellOf = (node: SimNode) => state.cells.get(node.hostId);
    state.simulation
      .force('link', d3.forceLink<SimNode, SimLink>([]).distance(110).strength(0.5))
      .force('charge', d3.forceManyBody<SimNode>().strength(-150))
      .force(
        'collide',
        d3.forceCollide<SimNode>((node) => node.radius),
      )
      .force('x', d3.forceX<SimNode>((node) => cellOf(node)?.cx ?? 0).strength(0.07))
      // VTEPs sit at the bottom of their host, over the tunnel down to their network's band.
      .force(
        'y',
        d3
          .forceY<SimNode>((node) =>
            node.kind === 'vtep' ? (cellOf(node)?.bottom ?? 0) - 30 : (cellOf(node)?.cy ?? 0),
          )
          .strength((node) => (node.kind === 'vtep' ? 0.4 : 0.09)),
      )
      .force(
        'contain',
        containWithinHosts(() => state.cells),
      )
      .on('tick', () => renderPositions(state));
    stateRef.current = state;
    return () => {
      state.simulation.stop();
      svg.on('.zoom', null);
      viewport.remove();
      stateRef.current = null;
    };
  }, []);

  useEffect(() => {
    const state = stateRef.current;
    if (!state || width === 0) return;
    const firstLayout = state.model === null;
    const previousKeys = new Set(state.nodes.keys());
    const previousLinks = state.links.map((link) => link.key).join();
    state.model = model;
    state.width = width;
    state.meshOffset = meshBandHeight(model.mesh !== null);
    state.content.attr('transform', `translate(0,${state.meshOffset})`);
    state.cells = hostCells(
      model.hosts.map((host) => host.id),
      width,
      {
        top: serviceBandHeight(model.services.length),
        bottom: canvasHeight - spanBandHeight(spanning(model).length),
      },
    );
    state.nodes = reconcileNodes(state.nodes, model, state.cells);
    state.links = simLinks(model, state.nodes);

    const interactive = <Datum,>(
      selection: d3.Selection<SVGGElement, Datum, SVGGElement, unknown>,
      target: (d: Datum) => TopoTarget,
    ) => {
      const show = function (this: SVGGElement, _event: Event, d: Datum) {
        const box = this.getBoundingClientRect();
        const frame = wrapperRef.current?.getBoundingClientRect();
        hover({ target: target(d), x: box.right - (frame?.left ?? 0) + 8, y: box.top - (frame?.top ?? 0) });
        const { key } = target(d);
        state.layers.links
          .selectAll<SVGGElement, TopoLink>('g.topo-link')
          .classed(
            'is-active',
            (link) => link.networkKey === key || link.networkId === key || link.containerKey === key,
          );
        state.layers.tunnels
          .selectAll<SVGLineElement, TopoVtep>('line.topo-tunnel')
          .classed('is-active', (vtep) => vtep.key === key || vtep.networkKey === key);
        state.layers.taskLinks
          .selectAll<SVGLineElement, TopoTaskLink>('line.topo-task-link')
          .classed('is-active', (link) => link.serviceKey === key || link.containerKey === key);
        state.layers.meshLinks
          .selectAll<SVGGElement, TopoMeshLink>('g.topo-mesh-link')
          .classed('is-active', (link) => target(d).kind === 'mesh' || link.serviceKey === key);
      };
      const hide = () => {
        hover(null);
        state.layers.links.selectAll('g.topo-link').classed('is-active', false);
        state.layers.tunnels.selectAll('line.topo-tunnel').classed('is-active', false);
        state.layers.taskLinks.selectAll('line.topo-task-link').classed('is-active', false);
        state.layers.meshLinks.selectAll('g.topo-mesh-link').classed('is-active', false);
      };
      selection
        .attr('tabindex', 0)
        .attr('role', 'link')
        .on('pointerenter focus', show)
        .on('pointerleave blur', hide)
        .on('click', (_event, d) => open(target(d)))
        .on('keydown', (event: KeyboardEvent, d) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            open(target(d));
          }
        });
      return selection;
    };

    state.layers.hosts
      .selectAll<SVGGElement, TopoHost>('g.topo-host')
      .data(model.hosts, (d) => d.id)
      .join((enter) => {
        const group = enter.append('g').attr('class', 'topo-host');
        group.append('rect').attr('rx', 14);
        group.append('text').attr('class', 'topo-host-label');
        return interactive(group, (d) => ({ kind: 'host', key: d.id }));
      })
      .attr('data-status', (d) => d.status)
      .attr('data-testid', (d) => `topo-host-${d.name}`)
      .attr('aria-label', (d) => `Host ${d.name}, ${d.status}`)
      .select('text')
      .text((d) => `${d.name} · ${d.underlayAddress}${d.status === 'down' ? ' · down' : ''}`);

    state.layers.links
      .selectAll<SVGGElement, TopoLink>('g.topo-link')
      .data(model.links, (d) => d.key)
      .join((enter) => {
        const group = enter.append('g').attr('class', 'topo-link');
        group.append('line');
        group.append('line').attr('class', 'topo-link-hit');
        group.append('text').attr('class', 'topo-link-label').attr('text-anchor', 'middle');
        group.append('title');
        return group;
      })
      .call((group) => group.select('text').text((d) => d.address ?? 'no address'))
      .call((group) =>
        group
          .select('title')
          .text((d) => `${d.containerName} on ${d.networkName}: ${d.address ?? 'no address'}`),
      );

    state.layers.spans
      .selectAll<SVGGElement, TopoNetwork>('g.topo-span')
      .data(spanning(model), (d) => d.key)
      .join((enter) => {
        const group = enter.append('g').attr('class', 'topo-span');
        group.append('rect').attr('rx', 12);
        group.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em');
        return interactive(group, (d) => ({ kind: 'network', key: d.key }));
      })
      .attr('data-testid', (d) => `topo-network-${d.name}`)
      .attr('data-status', (d) => d.realised)
      .attr('data-ingress', (d) => d.ingress)
      .attr(
        'aria-label',
        (d) =>
          `Network ${d.name}, ${d.ingress ? 'routing mesh on every host' : `${d.driver} across hosts`}, ${d.realised}`,
      )
      .select('text')
      .text(
        (d) =>
          `${d.name} · ${d.ingress ? 'routing mesh · ' : ''}${d.driver}${d.vni ? ` · VNI ${d.vni}` : ''}`,
      );

    state.layers.tunnels
      .selectAll<SVGLineElement, TopoVtep>('line.topo-tunnel')
      .data(model.vteps, (d) => d.key)
      .join((enter) => enter.append('line').attr('class', 'topo-tunnel'))
      .attr('data-status', (d) => d.realised);

    state.layers.vteps
      .selectAll<SVGGElement, TopoVtep>('g.topo-vtep')
      .data(model.vteps, (d) => d.key)
      .join((enter) => {
        const group = enter.append('g').attr('class', 'topo-vtep');
        group
          .append('rect')
          .attr('x', -vtepSize / 2)
          .attr('y', -vtepSize / 2)
          .attr('width', vtepSize)
          .attr('height', vtepSize)
          .attr('rx', 2);
        group
          .append('text')
          .attr('text-anchor', 'middle')
          .attr('y', -vtepSize / 2 - 5);
        return interactive(group, (d) => ({ kind: 'vtep', key: d.key }));
      })
      .attr('data-testid', (d) => `topo-vtep-${d.networkName}-${d.hostName}`)
      .attr('data-status', (d) => d.realised)
      .attr(
        'aria-label',
        (d) => `VTEP of ${d.networkName} on ${d.hostName}, ${d.underlayAddress}, ${d.realised}`,
      )
      .select('text')
      .text((d) => `VTEP ${d.underlayAddress}`);

    state.layers.networks
      .selectAll<SVGGElement, TopoNetwork>('g.topo-network')
      .data(
        model.networks.filter((network) => network.hostId !== null),
        (d) => d.key,
      )
      .join((enter) => {
        const group = enter.append('g').attr('class', 'topo-network');
        group.append('rect').attr('height', 26).attr('y', -13).attr('rx', 13);
        group.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em');
        group.append('text').attr('class', 'topo-network-parent').attr('text-anchor', 'middle').attr('y', 26);
        return interactive(group, (d) => ({ kind: 'network', key: d.key }));
      })
      .attr('data-testid', (d) => `topo-network-${d.name}`)
      .attr('data-status', (d) => d.realised)
      .attr('data-predefined', (d) => d.predefined)
      .attr('aria-label', (d) => `Network ${d.name}, ${d.driver}, ${d.realised}`)
      .call((group) =>
        group
          .select('rect')
          .attr('width', (d) => networkPillWidth(d.name))
          .attr('x', (d) => -networkPillWidth(d.name) / 2),
      )
      .call((group) => group.select('text').text((d) => d.name))
      .call((group) =>
        group.select('text.topo-network-parent').text((d) => (d.parent ? `on ${d.parent}` : '')),
      );

    state.layers.containers
      .selectAll<SVGGElement, TopoContainer>('g.topo-container')
      .data(model.containers, (d) => d.key)
      .join((enter) => {
        const group = enter.append('g').attr('class', 'topo-container');
        group.append('circle').attr('r', containerRadius);
        group
          .append('text')
          .attr('text-anchor', 'middle')
          .attr('y', containerRadius + 13);
        return interactive(group, (d) => ({ kind: 'container', key: d.key }));
      })
      .attr('data-testid', (d) => `topo-container-${d.name}`)
      .attr('data-status', (d) => d.status)
      .attr('aria-label', (d) => `Container ${d.name}, ${d.status}`)
      .call((group) => group.select('text').text((d) => d.name));

    state.layers.taskLinks
      .selectAll<SVGLineElement, TopoTaskLink>('line.topo-task-link')
      .data(model.taskLinks, (d) => d.key)
      .join((enter) => enter.append('line').attr('class', 'topo-task-link'))
      .attr('data-testid', (d) => `topo-task-${d.taskName}`);

    state.layers.services
      .selectAll<SVGGElement, TopoService>('g.topo-service')
      .data(model.services, (d) => d.key)
      .join((enter) => {
        const group = enter.append('g').attr('class', 'topo-service');
        group
          .append('rect')
          .attr('y', -serviceCardHeight / 2)
          .attr('height', serviceCardHeight)
          .attr('rx', 8);
        group.append('text').attr('class', 'topo-service-name').attr('text-anchor', 'middle').attr('y', -6);
        group.append('text').attr('class', 'topo-service-vips').attr('text-anchor', 'middle').attr('y', 12);
        return interactive(group, (d) => ({ kind: 'service', key: d.key }));
      })
      .attr('data-testid', (d) => `topo-service-${d.name}`)
      .attr('data-health', (d) => d.health)
      .attr('data-replicas', (d) => d.replicas)
      .attr('aria-label', (d) => `Service ${d.name}, ${d.replicas} running, ${d.health}`)
      .call((group) =>
        group
          .select('rect')
          .attr('width', (d) => serviceCardWidth(d))
          .attr('x', (d) => -serviceCardWidth(d) / 2),
      )
      .call((group) => group.select('text.topo-service-name').text((d) => `${d.name} · ${d.replicas}`))
      .call((group) =>
        group
          .select('text.topo-service-vips')
          .text((d) => (d.vips.length === 0 ? 'no VIP' : d.vips.join(', '))),
      );

    joinMesh(state.layers, model, (group) => interactive(group, (d) => ({ kind: 'mesh', key: d.key })));

    const { simulation } = state;
    simulation.nodes([...state.nodes.values()]);
    simulation.force<d3.ForceLink<SimNode, SimLink>>('link')?.links(state.links);
    const changed =
      previousKeys.size !== state.nodes.size ||
      [...state.nodes.keys()].some((key) => !previousKeys.has(key)) ||
      previousLinks !== state.links.map((link) => link.key).join();
    if (firstLayout) {
      // Settle before the first paint, so the map appears in place instead of flying in.
      simulation.alpha(1).tick(200);
      renderPositions(state);
    } else if (changed) {
      simulation.alpha(0.35).restart();
    } else {
      renderPositions(state);
    }
  }, [model, width]);

  function zoomBy(factor: number): void {
    const state = stateRef.current;
    state?.svg.transition().duration(200).call(state.zoom.scaleBy, factor);
  }

  function resetZoom(): void {
    const state = stateRef.current;
    state?.svg.transition().duration(200).call(state.zoom.transform, d3.zoomIdentity);
  }

  return (
    <div className="topo-canvas" ref={wrapperRef}>
      <svg
        ref={svgRef}
        width="100%"
        height={canvasHeight + meshBandHeight(model.mesh !== null)}
        role="group"
        aria-label="Topology: hosts, their networks and containers, services and the routing mesh. Drag to pan, scroll to zoom."
        data-testid="topology"
      />
      <div className="topo-zoom" role="toolbar" aria-label="Zoom">
        <button className="button" type="button" onClick={() => zoomBy(1.25)} aria-label="Zoom in">
          +
        </button>
        <button className="button" type="button" onClick={() => zoomBy(0.8)} aria-label="Zoom out">
          −
        </button>
        <button className="button" type="button" onClick={resetZoom}>
          Reset
        </button>
      </div>
    </div>
  );
}
