'use client';

import { useQueryClient } from '@tanstack/react-query';
import type { NodeView } from '@switchyard/contracts';
import { useRef } from 'react';
import { useLiveEvent } from '../../../../lib/live/live-hooks';
import { useTRPC } from '../../../../lib/trpc/react';

/** What changes the page beyond the node's own fields: its state and its agent's report. */
const reportSignature = (node: NodeView) =>
  JSON.stringify([node.status, node.observedRevision, node.conditions]);

/**
 * Keeps one node's page live: a heartbeat only refreshes the node's own fields; a new report, a
 * change to what runs there, or an event about the node refetches the page.
 */
export function useLiveNode(name: string): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lastReport = useRef<string | null>(null);
  const key = trpc.nodes.inspect.queryKey({ node: name });
  const refetch = () => void queryClient.invalidateQueries({ queryKey: key });

  useLiveEvent('node.changed', (node) => {
    if (node.name !== name) return;
    queryClient.setQueryData(key, (data) => data && { ...data, node });
    const signature = reportSignature(node);
    if (lastReport.current !== null && lastReport.current !== signature) refetch();
    lastReport.current = signature;
  });
  useLiveEvent('inventory.changed', refetch);
  useLiveEvent('event.recorded', (event) => {
    if (event.subject === name || event.actor === `node:${name}`) refetch();
  });
}
