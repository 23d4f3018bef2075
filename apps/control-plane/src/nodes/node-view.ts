import { z } from 'zod';
import { capabilitySchema, conditionSchema, type NodeView } from '@switchyard/contracts';
import { readJsonColumn } from '../db/json-column.js';

interface NodeRow {
  id: string;
  name: string;
  underlayAddress: string;
  status: string;
  capabilities: string;
  agentVersion: string;
  kernelVersion: string;
  lastHeartbeatAt: Date | null;
  joinedAt: Date;
  desiredRevision: number;
  observedRevision: number;
  conditions: string;
}

const capabilitiesColumn = z.array(capabilitySchema);
const conditionsColumn = z.array(conditionSchema);

export function toNodeView(row: NodeRow): NodeView {
  return {
    id: row.id,
    name: row.name,
    underlayAddress: row.underlayAddress,
    status: row.status === 'ready' ? 'ready' : 'down',
    capabilities: readJsonColumn(capabilitiesColumn, row.capabilities),
    agentVersion: row.agentVersion,
    kernelVersion: row.kernelVersion,
    lastHeartbeatAt: row.lastHeartbeatAt?.toISOString() ?? null,
    joinedAt: row.joinedAt.toISOString(),
    desiredRevision: row.desiredRevision,
    observedRevision: row.observedRevision,
    conditions: readJsonColumn(conditionsColumn, row.conditions),
  };
}
