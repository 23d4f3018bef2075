import type { DesiredMesh, DesiredPort, DesiredRoute, Protocol, RouteView } from '@switchyard/contracts';
import type { NodeRef, SandboxRef } from '../path-facts.js';

/** A host's veth into an overlay: `ingress0` into ingress, the proxy's into hrm. */
export interface HostLeg {
  interfaceName: string;
  /** `a.b.c.d/len`, as the links fact lists addresses. */
  address: string;
  network: string;
}

/** Who publishes a port on a host, as that host's desired document says. */
export type PortOwner =
  | {
      kind: 'ingress';
      service: string;
      targetPort: number;
      /** The addresses the host's DNAT must spread over: healthy tasks on the ingress network. */
      backends: string[];
      /** The service's live tasks with their ingress address, to name each backend. */
      tasks: { sandbox: SandboxRef; address: string | null }[];
      /** The host's leg into the ingress network, which the DNATed connections leave through. */
      leg: HostLeg;
    }
  | {
      kind: 'sandbox';
      sandbox: SandboxRef;
      port: DesiredPort;
      /** The bridge device of the network the port's address is on, which the DNAT routes it to; null: unknown. */
      bridge: string | null;
    };

/** A port published on `node`, reached from `outside`. */
export interface PublishedFacts {
  node: NodeRef;
  port: number;
  protocol: Protocol;
  /** Another connected host to reach the port from; null: none, so the host's own namespace. */
  outside: NodeRef | null;
  /** Null: nothing publishes the port on that host. */
  owner: PortOwner | null;
  /** What else the host publishes, for the message when nothing has this port. */
  published: string[];
}

/** A hostname of the HTTP routing mesh on `node`'s proxy, reached from `outside`. */
export interface RouteFacts {
  hostname: string;
  path: string;
  node: NodeRef;
  outside: NodeRef | null;
  /** The route the hostname matches (exactly, or by a wildcard); null: none. */
  route: RouteView | null;
  /** The mesh in `node`'s desired document; null: that host runs no proxy. */
  mesh: Pick<DesiredMesh, 'httpPort' | 'sniPort' | 'routes'> | null;
  /** The host's legs into the mesh networks, which the proxy reaches the tasks through. */
  legs: HostLeg[];
  /** The route as the host's proxy must serve it; undefined: not sent to that host. */
  desired: DesiredRoute | undefined;
  /** The route's service's live tasks, to name each backend. */
  tasks: SandboxRef[];
}
