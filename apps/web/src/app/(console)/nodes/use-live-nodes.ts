'use client';

import { useQueryClient } from '@tanstack/react-query';
import type { NodeView } from '@switchyard/contracts';
import { useLiveEvent } from '../../../lib/live/live-hooks';
import { useTRPC } from '../../../lib/trpc/react';

function upsertNode(nodes: NodeView[], changed: NodeView): NodeView[] {
  const index = nodes.findIndex((node) => node.id === changed.id);
  return index === -1 ? [...nodes, changed] : nodes.with(index, changed);
}

/** Merges every pushed `node.changed` into the cached list: joins appear, a dead agent turns down. */
export function useLiveNodes(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useLiveEvent('node.changed', (changed) => {
    queryClient.setQueryData(trpc.nodes.list.queryKey(), (nodes) => nodes && upsertNode(nodes, changed));
  });
}
