import { arch } from 'node:os';
import { stringMapSchema, type NodeView } from '@switchyard/contracts';
import { z } from 'zod';
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

/** Docker's NodeSpec, as `docker node update` sends it back after changing it. */
const dockerNodeSpecSchema = z.object({
  Labels: stringMapSchema,
  Role: z
    .enum(['worker', 'manager', ''])
    .nullish()
    .refine((role) => role !== 'manager', 'agents are workers: the control plane is the only manager'),
  Availability: z.enum(['active', 'pause', 'drain']),
});

export function toNodeSpecChange(body: unknown): NodeSpecChange {
  const spec = parseBody(dockerNodeSpecSchema, body);
  return { availability: spec.Availability, labels: spec.Labels };
}
