'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { NodeView } from '@switchyard/contracts';
import { useMemo, useState } from 'react';
import { useLiveConnect, useLiveEvent } from '../../../lib/live/live-hooks';
import { useTRPC } from '../../../lib/trpc/react';
import { coalescedRefresh } from './coalesced-refresh';
import type { TopologyData } from './model/topology-model';

/** Outside tRPC's keys: the console-wide invalidation (which restarts a running fetch) leaves it alone. */
const liveKey = ['topology', 'live'] as const;

/** A path check's marks come and go (expiry, a later check) without a live event: asked for this often. */
const breaksPollMs = 15_000;

/** At most about five redraws a second in a burst of changes: each one rebuilds the whole map. */
const refreshSpacingMs = 200;

/** What a node's report changes on the map: its state and what its agent says it realised. */
const reportSignature = (node: NodeView) =>
  JSON.stringify([node.status, node.observedRevision, node.conditions]);

/**
 * The inventory the map draws, kept current by the live channel: every pushed change schedules one
 * refetch, coalesced so a burst of changes is fetched at most twice and its last state always shown.
 */
export function useTopologyData() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inventory = useQuery({
    queryKey: liveKey,
    queryFn: () => queryClient.fetchQuery({ ...trpc.inventory.topology.queryOptions(), staleTime: 0 }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const routes = useQuery(trpc.routes.list.queryOptions());
  const breaks = useQuery({
    ...trpc.diagnostics.recentBreaks.queryOptions(),
    refetchInterval: breaksPollMs,
  });
  const [refresh] = useState(() =>
    coalescedRefresh(
      () => queryClient.refetchQueries({ queryKey: liveKey, exact: true }, { cancelRefetch: false }),
      refreshSpacingMs,
    ),
  );
  const [reports] = useState(() => new Map<string, string>());

  useLiveEvent('inventory.changed', () => refresh.request());
  useLiveEvent('node.changed', (node) => {
    const signature = reportSignature(node);
    if (reports.get(node.id) === signature) return;
    reports.set(node.id, signature);
    refresh.request();
  });
  useLiveConnect(() => refresh.request());

  const data = useMemo(
    (): TopologyData | undefined =>
      inventory.data && { ...inventory.data, routes: routes.data ?? [], breaks: breaks.data ?? [] },
    [inventory.data, routes.data, breaks.data],
  );
  return { data, error: inventory.error, pending: inventory.isPending };
}
