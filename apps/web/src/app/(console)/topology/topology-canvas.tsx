'use client';

import * as d3 from 'd3';
import { useEffect, useEffectEvent, useRef } from 'react';
import { useElementWidth } from '../../../lib/use-element-width';
import {
  containerRadius,
  containWithinHosts,
  hostCells,
  hostRegion,
  networkPillWidth,
  reconcileNodes,
  simLinks,
  type HostCell,
  type SimLink,
  type SimNode,
} from './topology-layout';
import type { TopoContainer, TopoHost, TopoLink, TopoNetwork, TopologyModel } from './topology-model';

export type TopoTarget =
  { kind: 'host'; key: string } | { kind: 'network'; key: string } | { kind: 'container'; key: string };

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
    'hosts' | 'links' | 'networks' | 'containers',
    d3.Selection<SVGGElement, unknown, null, undefined>
  >;
  zoom: d3.ZoomBehavior<SVGSVGElement, unknown>;
  simulation: d3.Simulation<SimNode, SimLink>;
  nodes: Map<string, SimNode>;
  links: SimLink[];
  cells: Map<string, HostCell>;
  model: TopologyModel | null;
}

function translate(node: SimNode | undefined): string {
  return `translate(${node?.x ?? 0},${node?.y ?? 0})`;
}

/** Moves every drawn element to its simulation node; the host boxes follow their contents. */
function renderPositions(state: CanvasState): void {
  const { layers, nodes, cells } = state;
  layers.networks
    .selectAll<SVGGElement, TopoNetwork>('g.topo-network')
    .attr('transform', (d) => translate(nodes.get(d.key)));
  layers.containers
    .selectAll<SVGGElement, TopoContainer>('g.topo-container')
    .attr('transform', (d) => translate(nodes.get(d.key)));
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
    const layer = (name: string) => viewport.append('g').attr('class', `topo-layer-${name}`);
    const layers = {
      hosts: layer('hosts'),
      links: layer('links'),
      networks: layer('networks'),
      containers: layer('containers'),
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
      zoom,
      nodes: new Map(),
      links: [],
      cells: new Map(),
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
      .force('y', d3.forceY<SimNode>((node) => cellOf(node)?.cy ?? 0).strength(0.09))
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
    state.cells = hostCells(
      model.hosts.map((host) => host.id),
      width,
      canvasHeight,
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
          .classed('is-active', (link) => link.networkKey === key || link.containerKey === key);
      };
      const hide = () => {
        hover(null);
        state.layers.links.selectAll('g.topo-link').classed('is-active', false);
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

    state.layers.networks
      .selectAll<SVGGElement, TopoNetwork>('g.topo-network')
      .data(model.networks, (d) => d.key)
      .join((enter) => {
        const group = enter.append('g').attr('class', 'topo-network');
        group.append('rect').attr('height', 26).attr('y', -13).attr('rx', 13);
        group.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em');
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
      .call((group) => group.select('text').text((d) => d.name));

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
        height={canvasHeight}
        role="group"
        aria-label="Topology: hosts, their networks and containers. Drag to pan, scroll to zoom."
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
