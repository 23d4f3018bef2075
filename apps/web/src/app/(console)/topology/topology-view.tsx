'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { EmptyState } from '../../../components/empty-state';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { TopologyCanvas, type TopoHover, type TopoTarget } from './topology-canvas';
import { TopologyHoverCard } from './topology-hover-card';
import { TopologyLegend } from './topology-legend';
import { buildTopology, type TopologyModel } from './topology-model';

function hrefFor(target: TopoTarget, model: TopologyModel): string {
  if (target.kind === 'host') return '/nodes';
  if (target.kind === 'mesh') return '/routes';
  if (target.kind === 'service') {
    const name = model.services.find((service) => service.key === target.key)?.name;
    return `/services/${encodeURIComponent(name ?? target.key)}`;
  }
  if (target.kind === 'container') {
    const name = model.containers.find((container) => container.key === target.key)?.name;
    return `/containers/${encodeURIComponent(name ?? target.key)}`;
  }
  // A VTEP is a spanning network's presence on one host: it opens the network.
  const name =
    target.kind === 'vtep'
      ? model.vteps.find((vtep) => vtep.key === target.key)?.networkName
      : model.networks.find((network) => network.key === target.key)?.name;
  return `/networks/${encodeURIComponent(name ?? target.key)}`;
}

export function TopologyView() {
  const trpc = useTRPC();
  const router = useRouter();
  const topology = useQuery(trpc.inventory.topology.queryOptions());
  const services = useQuery(trpc.services.list.queryOptions());
  const routes = useQuery(trpc.routes.list.queryOptions());
  const [hover, setHover] = useState<TopoHover | null>(null);
  // One model per response: the canvas re-lays out only when the data really changed.
  const model = useMemo(
    () =>
      topology.data
        ? buildTopology({ ...topology.data, services: services.data ?? [], routes: routes.data ?? [] })
        : null,
    [topology.data, services.data, routes.data],
  );

  if (topology.isPending) return <p className="muted">Loading topology…</p>;
  if (topology.isError)
    return (
      <p className="form-error" role="alert">
        {errorMessage(topology.error)}
      </p>
    );
  if (!model || model.hosts.length === 0)
    return (
      <EmptyState title="Nothing to draw yet">
        <p>Once a node joins, it appears here with its predefined bridge network.</p>
      </EmptyState>
    );

  return (
    <div className="topology">
      <p className="topo-summary muted">
        {model.hosts.length} hosts · {model.networks.filter((network) => !network.predefined).length}{' '}
        user-defined networks · {model.services.length} services · {model.containers.length} containers ·{' '}
        {model.links.length} endpoints
        {model.mesh && ` · ${model.mesh.routes.length} routed hostnames`}
      </p>
      <div className="topo-stage">
        <TopologyCanvas
          model={model}
          onHover={setHover}
          onOpen={(target) => router.push(hrefFor(target, model))}
        />
        <TopologyHoverCard hover={hover} model={model} />
      </div>
      <TopologyLegend />
    </div>
  );
}
