import type { PathSubject } from '@switchyard/contracts';
import type { NetworkRef, NodeRef, SandboxRef } from './path-facts.js';

/** A task as Docker lists it, `web.2`, without the task id its sandbox's name ends with. */
export const shortName = (sandbox: SandboxRef) =>
  sandbox.kind === 'task' && sandbox.name.split('.').length >= 3
    ? sandbox.name.replace(/\.[^.]+$/, '')
    : sandbox.name;

/** The objects a step can be about, as the topology knows them. */
export const sandboxSubject = (sandbox: SandboxRef): PathSubject => ({
  kind: sandbox.kind,
  id: sandbox.id,
  name: shortName(sandbox),
  node: { id: sandbox.node.id, name: sandbox.node.name },
});
export const nodeSubject = (node: NodeRef): PathSubject => ({ kind: 'node', id: node.id, name: node.name });
export const networkSubject = (network: NetworkRef, node: NodeRef): PathSubject => ({
  kind: 'network',
  id: network.id,
  name: network.name,
  node: { id: node.id, name: node.name },
});
export const serviceSubject = (service: { id: string; name: string }): PathSubject => ({
  kind: 'service',
  id: service.id,
  name: service.name,
});
