import { allImages, exposedPortsOf } from '../images/image-rows.js';
import type { PathTarget } from '@switchyard/contracts';
import type { MeshPorts } from '../compiler/cluster-facts.js';
import { compiledBodyFor } from '../compiler/node-documents.js';
import type { Db } from '../db/client.js';
import { findContainer } from '../inventory/lookup.js';
import { ServiceError } from '../errors.js';
import { readHealth, readServiceSpec, taskPorts, usesIngress } from '../services/spec-row.js';
import type { NetworkRef, PathFacts, PathTargetRef, SandboxRef, ServiceRef } from './path-facts.js';

const sandboxInclude = { node: true, endpoints: true, task: { select: { id: true } } } as const;

interface SandboxRow {
  id: string;
  name: string;
  status: string;
  exitCode: number | null;
  health: string | null;
  node: { id: string; name: string; underlayAddress: string };
  endpoints: {
    networkId: string;
    address: string | null;
    mac: string | null;
    interfaceName: string | null;
  }[];
  task: { id: string } | null;
}

export type IsConnected = (nodeId: string) => boolean;

function toSandboxRef(row: SandboxRow, connected: IsConnected): SandboxRef {
  return {
    id: row.id,
    name: row.name,
    kind: row.task === null ? 'container' : 'task',
    node: {
      id: row.node.id,
      name: row.node.name,
      underlay: row.node.underlayAddress,
      connected: connected(row.node.id),
    },
    status: row.status,
    exitCode: row.exitCode,
    health: readHealth(row.health),
    endpoints: row.endpoints.flatMap((endpoint) =>
      endpoint.address === null || endpoint.mac === null
        ? []
        : [
            {
              networkId: endpoint.networkId,
              address: endpoint.address,
              mac: endpoint.mac,
              interfaceName: endpoint.interfaceName,
            },
          ],
    ),
  };
}

/** A sandbox (container or task) by id, name or id prefix, with its node and endpoints. */
export async function loadSandbox(
  db: Db,
  key: string,
  field: string,
  connected: IsConnected,
): Promise<SandboxRef> {
  const found = await findContainer(db, key, field);
  const row = await db.sandbox.findUniqueOrThrow({ where: { id: found.id }, include: sandboxInclude });
  return toSandboxRef(row, connected);
}

export async function loadNetworks(db: Db): Promise<Map<string, NetworkRef>> {
  const rows = await db.network.findMany({ where: { configOnly: false } });
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        name: row.name,
        driver: row.driver,
        vni: row.vni,
        predefined: row.predefined,
        ingress: row.ingress,
      },
    ]),
  );
}

/** A service by its exact name, with its live tasks; null when there is none. */
export async function loadService(db: Db, name: string, connected: IsConnected): Promise<ServiceRef | null> {
  const row = await db.service.findUnique({
    where: { name },
    include: {
      virtualIps: { select: { networkId: true, address: true } },
      tasks: {
        where: { desired: 'running', sandboxId: { not: null } },
        include: { sandbox: { include: sandboxInclude } },
        orderBy: { name: 'asc' },
      },
    },
  });
  if (row === null) return null;
  const spec = readServiceSpec(row.spec);
  const ingress = usesIngress(spec)
    ? await db.network.findFirst({ where: { ingress: true }, select: { id: true } })
    : null;
  return {
    id: row.id,
    name: row.name,
    endpointMode: spec.endpointMode,
    ports: taskPorts(spec, exposedPortsOf(await allImages(db), spec.image)),
    vips: row.virtualIps,
    networkIds: [
      ...spec.networks.map((network) => network.network),
      ...(ingress === null ? [] : [ingress.id]),
    ],
    tasks: row.tasks.flatMap((task) =>
      task.sandbox === null ? [] : [toSandboxRef(task.sandbox, connected)],
    ),
  };
}

async function loadTarget(db: Db, target: PathTarget, connected: IsConnected): Promise<PathTargetRef> {
  const service = await loadService(db, target.name, connected);
  if (service !== null) return { kind: 'service', service };
  try {
    return { kind: 'container', sandbox: await loadSandbox(db, target.name, 'to', connected) };
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'NOT_FOUND') {
      throw new ServiceError('NOT_FOUND', `no service or container is named ${target.name}`, 'to');
    }
    throw error;
  }
}

/** Everything the path planner needs from the store, for A (`from`) and B (`to`). */
export async function loadPathFacts(
  db: Db,
  from: string,
  to: PathTarget,
  connected: IsConnected,
  ports: MeshPorts,
): Promise<PathFacts> {
  const source = await loadSandbox(db, from, 'from', connected);
  const target = await loadTarget(db, to, connected);
  const [networks, sourceDocument] = await Promise.all([
    loadNetworks(db),
    compiledBodyFor(db, source.node.id, ports),
  ]);
  return { source, target, targetName: to.name, port: to.port, networks, sourceDocument };
}
