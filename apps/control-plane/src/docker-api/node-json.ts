import { arch } from 'node:os';
import { dockerNodeSpecSchema, type NodeView } from '@switchyard/contracts';
import { parseBody } from './parse-body.js';
import type { NodeSpecChange } from './swarm-backend.js';

const goArch = arch() === 'x64' ? 'x86_64' : arch();

/** `GET /nodes` entries and `GET /nodes/{id}`: every agent is a worker. */
export function toDockerNode(node: NodeView) {
  return {
    ID: node.id,
    Version: { Index: node.version },
    CreatedAt: node.joinedAt,
    UpdatedAt: node.lastHeartbeatAt ?? node.joinedAt,
    Spec: { Labels: node.labels, Role: 'worker', Availability: node.availability },
    Description: {
      Hostname: node.name,
      Platform: { Architecture: goArch, OS: 'linux' },
      Resources: { NanoCPUs: 0, MemoryBytes: 0 },
      Engine: { EngineVersion: node.agentVersion, Plugins: [] },
    },
    Status: { State: node.status, Addr: node.underlayAddress },
  };
}

/** `POST /nodes/{id}/update`: Docker's NodeSpec -> the change the node registry applies. */
export function toNodeSpecChange(body: unknown): NodeSpecChange {
  const spec = parseBody(dockerNodeSpecSchema, body);
  return { availability: spec.Availability, labels: spec.Labels };
}
