'use client';

import { useQueryClient } from '@tanstack/react-query';
import type { NodeView } from '@switchyard/contracts';
import { useRef } from 'react';
import { useTRPC } from '../trpc/react';
import { useLiveEvent } from './live-hooks';

/** What a node contributes to inventory views: its state and what its agent reported realising. */
function realisationSignature(node: NodeView): string {
  return JSON.stringify([node.status, node.observedRevision, node.conditions]);
}

/**
 * Refetches what pushed changes make stale. A network's view lists its containers and a container's
 * view lists its networks, and a service's tasks are containers with addresses on its networks, so any
 * kind of `inventory.changed` touches all three and the topology. A route shows its service's name and
 * healthy tasks, so routes follow `route` and `service` changes. Whether a network (or a route) is
 * realised comes from its node's reported conditions, which arrive as `node.changed`; those also come
 * with every periodic heartbeat, so only a changed report triggers a refetch. An image lists the
 * containers using it and the hosts holding it, so images follow every change and every new report.
 */
export function useLiveInventory(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lastReport = useRef(new Map<string, string>());

  function refetchInventory(): void {
    void queryClient.invalidateQueries(trpc.networks.pathFilter());
    void queryClient.invalidateQueries(trpc.containers.pathFilter());
    void queryClient.invalidateQueries(trpc.services.pathFilter());
    void queryClient.invalidateQueries(trpc.inventory.pathFilter());
    void queryClient.invalidateQueries(trpc.images.pathFilter());
  }

  useLiveEvent('inventory.changed', (change) => {
    refetchInventory();
    if (change.kind === 'route' || change.kind === 'service')
      void queryClient.invalidateQueries(trpc.routes.pathFilter());
  });
  useLiveEvent('node.changed', (node) => {
    const signature = realisationSignature(node);
    if (lastReport.current.get(node.id) === signature) return;
    lastReport.current.set(node.id, signature);
    void queryClient.invalidateQueries(trpc.networks.pathFilter());
    void queryClient.invalidateQueries(trpc.inventory.pathFilter());
    void queryClient.invalidateQueries(trpc.routes.pathFilter());
    void queryClient.invalidateQueries(trpc.images.pathFilter());
  });
}
