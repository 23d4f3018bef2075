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
  labels: string;
  availability: string;
  specVersion: number;
}

const capabilitiesColumn = z.array(capabilitySchema);
const conditionsColumn = z.array(conditionSchema);
const labelsColumn = z.record(z.string(), z.string());
const availabilities = ['active', 'pause', 'drain'] as const;
type Availability = (typeof availabilities)[number];
const isAvailability = (text: string): text is Availability =>
  (availabilities as readonly string[]).includes(text);

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
    labels: readJsonColumn(labelsColumn, row.labels),
    availability: isAvailability(row.availability) ? row.availability : 'active',
    version: row.specVersion,
  };
}
