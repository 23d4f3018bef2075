import { probeSpecSchema, type ProbeSpec, type ProbeTool } from '@switchyard/contracts';

/** The probe form as typed: one box a setting, shared by the tools that use it. */
export interface ProbeDraft {
  sandbox: string;
  tool: ProbeTool;
  name: string;
  type: 'A' | 'SRV';
  /** Ping, TCP and HTTP: the target; a capture: only packets to or from this address. */
  host: string;
  port: string;
  path: string;
  count: string;
  seconds: string;
  maxPackets: string;
  protocol: '' | 'tcp' | 'udp' | 'icmp' | 'arp';
}

export const toolChoices: { value: ProbeTool; label: string }[] = [
  { value: 'dns', label: 'DNS lookup (embedded DNS)' },
  { value: 'ping', label: 'Ping' },
  { value: 'tcp', label: 'TCP connect' },
  { value: 'http', label: 'HTTP GET' },
  { value: 'capture', label: 'Packet capture' },
];

/** Which boxes each tool shows, in order. */
export const toolFields: Record<ProbeTool, (keyof ProbeDraft)[]> = {
  dns: ['name', 'type'],
  ping: ['host', 'count'],
  tcp: ['host', 'port'],
  http: ['host', 'port', 'path'],
  capture: ['seconds', 'maxPackets', 'protocol', 'host', 'port'],
};

export const probeFieldPaths = [
  'sandbox',
  'name',
  'type',
  'host',
  'port',
  'path',
  'count',
  'seconds',
  'maxPackets',
  'protocol',
];

export function emptyProbeDraft(sandbox = ''): ProbeDraft {
  return {
    sandbox,
    tool: 'dns',
    name: '',
    type: 'A',
    host: '',
    port: '80',
    path: '/',
    count: '3',
    seconds: '3',
    maxPackets: '100',
    protocol: '',
  };
}

/** A number box: empty is "not given", anything else must be a whole number (the schema bounds it). */
function numberOf(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

function optional(text: string): string | undefined {
  return text.trim() === '' ? undefined : text.trim();
}

/** What the form sends for its tool, before the contracts' schema checks it. */
export function probeInput(draft: ProbeDraft): Record<string, unknown> {
  switch (draft.tool) {
    case 'dns':
      return { tool: 'dns', name: draft.name, type: draft.type };
    case 'ping':
      return { tool: 'ping', host: draft.host, count: numberOf(draft.count) };
    case 'tcp':
      return { tool: 'tcp', host: draft.host, port: numberOf(draft.port) };
    case 'http':
      return { tool: 'http', host: draft.host, port: numberOf(draft.port), path: optional(draft.path) };
    case 'capture':
      return {
        tool: 'capture',
        seconds: numberOf(draft.seconds),
        maxPackets: numberOf(draft.maxPackets),
        host: optional(draft.host),
        port: numberOf(draft.port),
        protocol: draft.protocol === '' ? undefined : draft.protocol,
      };
  }
}

/** The probe as the server will take it, or each field's complaint in the schema's own words. */
export function checkProbe(draft: ProbeDraft): { spec: ProbeSpec | null; errors: Map<string, string> } {
  const errors = new Map<string, string>();
  if (draft.sandbox === '') errors.set('sandbox', 'pick a container or task to run it in');
  const parsed = probeSpecSchema.safeParse(probeInput(draft));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'tool');
      const typed = field in draft ? String(draft[field as keyof ProbeDraft]).trim() : '';
      const message =
        issue.code !== 'invalid_type' ? issue.message : typed === '' ? 'is required' : 'must be a number';
      if (!errors.has(field)) errors.set(field, message);
    }
  }
  return { spec: parsed.success && errors.size === 0 ? parsed.data : null, errors };
}
