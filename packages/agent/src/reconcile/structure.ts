import type { DesiredState } from '@switchyard/contracts';

/**
 * The document without what a quick pass applies by itself: overlay peers, names, VIP backends,
 * health checks, the mesh's backends, the HTTP mesh's routes, and whether a workload runs (only
 * the runtime reads that, so `docker start` after `create` need not read the kernel back). Two
 * documents with the same key need the same namespaces, links and tables.
 */
export function structureKey(document: DesiredState): string {
  return JSON.stringify({
    ...document,
    revision: 0,
    networks: document.networks.map((network) =>
      network.overlay === undefined ? network : { ...network, overlay: { ...network.overlay, peers: [] } },
    ),
    ingress: document.ingress && { ...document.ingress, published: [] },
    hrm: document.hrm && { ...document.hrm, routes: [] },
    sandboxes: document.sandboxes.map((sandbox) => ({
      ...sandbox,
      dns: { ...sandbox.dns, records: [], srv: [] },
      virtualServices: [],
      healthCheck: null,
      running: false,
      startGeneration: 0,
    })),
  });
}

/**
 * The sandboxes `document` adds to the structure last applied, when adding them is all it changes
 * there (a task or container started on this host); undefined otherwise.
 */
export function addedSandboxes(
  structure: { key: string; applied: DesiredState },
  document: DesiredState,
): Set<string> | undefined {
  const known = new Set(structure.applied.sandboxes.map((sandbox) => sandbox.id));
  const added = document.sandboxes.filter((sandbox) => !known.has(sandbox.id));
  if (added.length === 0) return undefined;
  const rest = { ...document, sandboxes: document.sandboxes.filter((sandbox) => known.has(sandbox.id)) };
  return structureKey(rest) === structure.key ? new Set(added.map((sandbox) => sandbox.id)) : undefined;
}
