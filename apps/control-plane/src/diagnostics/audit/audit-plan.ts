import type { EndpointRef, NetworkRef, PathFacts, SandboxRef } from '../path-facts.js';
import { backendsOn, sharedNetwork, targetNetworks, type PathCheck, type PathPlan } from '../path-plan.js';
import type { AuditNamespace } from './audit-types.js';
import { bridgeName, bridgeNamespace } from './plan/bridge.js';
import type { Context, Probe } from './plan/context.js';
import { clientSandbox, taskSandbox } from './plan/sandboxes.js';
import { underlayNamespace } from './plan/underlay.js';

function probeOf(checks: readonly PathCheck[]): { probe: Probe; ids: string[] } | null {
  const connects = checks.flatMap((check) => (check.kind === 'connect' ? [check] : []));
  const first = connects[0]?.probe;
  if (first === undefined) return null;
  const probe: Probe =
    first.tool === 'tcp' ? { protocol: 'tcp', port: first.port } : { protocol: 'icmp', port: null };
  return { probe, ids: connects.map((check) => check.queryId) };
}

function vipOf(facts: PathFacts, network: NetworkRef): string | null {
  if (facts.target.kind !== 'service' || facts.target.service.endpointMode !== 'vip') return null;
  return facts.target.service.vips.find((vip) => vip.networkId === network.id)?.address ?? null;
}

/**
 * Adds, before the connects, one step per namespace the flow crosses, in path order: A's sandbox,
 * the bridge (or overlay namespace) and underlay of A's host, then of each backend's host, then each
 * backend's sandbox. Each reads everything there that can drop or misroute the flow.
 */
export function addAudit(plan: PathPlan, facts: PathFacts): PathPlan {
  const network = sharedNetwork(facts, targetNetworks(facts));
  const connects = probeOf(plan.checks);
  const clientEndpoint = facts.source.endpoints.find((endpoint) => endpoint.networkId === network?.id);
  if (
    network === undefined ||
    connects === null ||
    clientEndpoint === undefined ||
    !facts.source.node.connected
  ) {
    return plan;
  }
  const interfaceOf = (sandbox: SandboxRef, endpoint: EndpointRef) =>
    endpoint.interfaceName ??
    facts.sourceDocument.sandboxes
      .find((desired) => desired.id === sandbox.id)
      ?.endpoints.find((candidate) => candidate.networkId === endpoint.networkId)?.interfaceName ??
    null;
  const backends = backendsOn(facts, network.id)
    .filter(({ sandbox }) => sandbox.status === 'running')
    .map(({ sandbox, endpoint }) => ({ sandbox, endpoint, interfaceName: interfaceOf(sandbox, endpoint) }));
  const context: Context = {
    facts,
    network,
    client: {
      sandbox: facts.source,
      endpoint: clientEndpoint,
      interfaceName: interfaceOf(facts.source, clientEndpoint),
    },
    backends,
    vip: vipOf(facts, network),
    probe: connects.probe,
    queries: new Map([...plan.queries].map(([node, list]) => [node, [...list]])),
    connectQueryIds: connects.ids,
  };
  const steps: AuditNamespace[] = [clientSandbox(context)];
  const bridge = bridgeName(context);
  const sourceNode = facts.source.node;
  const otherNodes = [
    ...new Map(backends.map((hop) => [hop.sandbox.node.id, hop.sandbox.node])).values(),
  ].filter((node) => node.id !== sourceNode.id && node.connected);
  const bridged = bridge !== null && (network.driver === 'overlay' || network.driver === 'bridge');
  if (bridged) steps.push(bridgeNamespace(context, sourceNode, bridge));
  if (network.driver === 'overlay' && otherNodes.length > 0) {
    steps.push(underlayNamespace(context, sourceNode, otherNodes));
    for (const node of otherNodes) {
      steps.push(underlayNamespace(context, node, [sourceNode]));
      if (bridged) steps.push(bridgeNamespace(context, node, bridge));
    }
  }
  steps.push(...backends.filter((hop) => hop.sandbox.node.connected).map((hop) => taskSandbox(context, hop)));
  const audit: PathCheck[] = steps.map((namespace) => ({
    kind: 'audit',
    id: namespace.id,
    title: namespace.title,
    audit: namespace,
  }));
  const at = plan.checks.findIndex(
    (check) => check.kind === 'connect' || (check.kind === 'fixed' && check.step.id.startsWith('connect:')),
  );
  const checks = [...plan.checks];
  checks.splice(at === -1 ? checks.length : at, 0, ...audit);
  return { checks, queries: context.queries };
}
