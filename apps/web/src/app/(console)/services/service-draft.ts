import {
  serviceSpecSchema,
  type HealthCheck,
  type NetworkView,
  type ServiceSpecInput,
} from '@switchyard/contracts';
import { chosenImage } from '../../../lib/images/references';
import { secondsTextToMillis, wholeNumber } from '../../../lib/inventory/duration';
import { spansHosts } from '../../../lib/inventory/network-span';
import { splitList } from '../../../lib/inventory/zod-message';
import { fieldForServerError } from '../../../lib/trpc/field-errors';
import { parseServicePorts, type PublishMode } from './service-ports';

export type ServiceMode = 'replicated' | 'global';
export type EndpointMode = 'vip' | 'dnsrr';
export type HealthKind = HealthCheck['kind'] | 'none';

/** The health-check part of the form, as typed (timings in seconds). */
export interface HealthCheckDraft {
  kind: HealthKind;
  port: string;
  path: string;
  command: string;
  interval: string;
  timeout: string;
  retries: string;
  startPeriod: string;
}

/** The create-service form as typed. */
export interface ServiceDraft {
  name: string;
  /** A built-in or loaded image's reference, or `otherImageChoice` for the typed `otherImage`. */
  imageChoice: string;
  otherImage: string;
  mode: ServiceMode;
  replicas: string;
  networks: string[];
  ports: string;
  publishMode: PublishMode;
  endpointMode: EndpointMode;
  healthCheck: HealthCheckDraft;
  /** One `node.hostname==x` / `node.labels.k==v` per comma or line. */
  constraints: string;
  /** `KEY=value` pairs separated by spaces or commas. */
  env: string;
  labels: string;
}

export const emptyServiceDraft: ServiceDraft = {
  name: '',
  imageChoice: 'switchyard/whoami',
  otherImage: '',
  mode: 'replicated',
  replicas: '1',
  networks: [],
  ports: '',
  publishMode: 'ingress',
  endpointMode: 'vip',
  healthCheck: {
    kind: 'none',
    port: '80',
    path: '/',
    command: '',
    interval: '5',
    timeout: '2',
    retries: '3',
    startPeriod: '0',
  },
  constraints: '',
  env: '',
  labels: '',
};

/** Field paths as `serviceSpecSchema` and the server name them, so either's errors land on the field. */
export const serviceFields = {
  name: 'name',
  image: 'image',
  mode: 'mode',
  replicas: 'replicas',
  networks: 'networks',
  ports: 'ports',
  endpointMode: 'endpointMode',
  healthKind: 'healthCheck.kind',
  healthPort: 'healthCheck.port',
  healthPath: 'healthCheck.path',
  healthCommand: 'healthCheck.command',
  healthInterval: 'healthCheck.intervalMs',
  healthTimeout: 'healthCheck.timeoutMs',
  healthRetries: 'healthCheck.retries',
  healthStartPeriod: 'healthCheck.startPeriodMs',
  constraints: 'constraints',
  env: 'env',
  labels: 'labels',
} as const;

export const serviceFieldPaths: string[] = Object.values(serviceFields);

const healthFieldsOf: Record<HealthKind, string[]> = {
  none: [],
  http: [serviceFields.healthPort, serviceFields.healthPath],
  tcp: [serviceFields.healthPort],
  command: [serviceFields.healthCommand],
};
const timingFields: string[] = [
  serviceFields.healthInterval,
  serviceFields.healthTimeout,
  serviceFields.healthRetries,
  serviceFields.healthStartPeriod,
];

/** The fields on screen for the draft: a refusal naming one lands next to it, any other is the form's. */
export function shownServiceFieldPaths(draft: ServiceDraft): string[] {
  const kind = draft.healthCheck.kind;
  const health = [...healthFieldsOf[kind], ...(kind === 'none' ? [] : timingFields)];
  return serviceFieldPaths.filter(
    (path) =>
      (path !== serviceFields.replicas || draft.mode === 'replicated') &&
      (!path.startsWith('healthCheck.') || path === serviceFields.healthKind || health.includes(path)),
  );
}

/**
 * Networks a service may join: overlays (multi-host) and bridges. Not `ingress`: the routing mesh
 * attaches published services to it by itself, as Docker does.
 */
export function serviceNetworks(networks: readonly NetworkView[]): NetworkView[] {
  return networks.filter(
    (network) => network.name !== 'ingress' && (spansHosts(network) || network.driver === 'bridge'),
  );
}

/** `A=1, B=2` as a record; the first entry without `=` is the error. */
function parsePairs(text: string): { pairs: Record<string, string>; error: string | null } {
  const pairs: Record<string, string> = {};
  for (const item of splitList(text)) {
    const at = item.indexOf('=');
    if (at <= 0) return { pairs, error: `"${item}" is not KEY=value` };
    pairs[item.slice(0, at)] = item.slice(at + 1);
  }
  return { pairs, error: null };
}

function splitConstraints(text: string): string[] {
  return text
    .split(/[,\n]+/)
    .map((constraint) => constraint.trim())
    .filter((constraint) => constraint !== '');
}

type Conversion = { input: ServiceSpecInput; errors: Map<string, string> };

function toHealthCheck(
  draft: HealthCheckDraft,
  errors: Map<string, string>,
): ServiceSpecInput['healthCheck'] {
  if (draft.kind === 'none') return null;
  const millis = (text: string, path: string): number => {
    const value = secondsTextToMillis(text);
    if (value === null) errors.set(path, 'must be a number of seconds');
    return value ?? 0;
  };
  const retries = wholeNumber(draft.retries);
  if (retries === null) errors.set(serviceFields.healthRetries, 'must be a whole number');
  const port = wholeNumber(draft.port);
  if (draft.kind !== 'command' && port === null)
    errors.set(serviceFields.healthPort, 'must be a port number');
  const command = draft.command.trim().split(/\s+/).filter(Boolean);
  if (draft.kind === 'command' && command.length === 0)
    errors.set(serviceFields.healthCommand, 'is required for a command check');
  return {
    kind: draft.kind,
    ...(draft.kind !== 'command' && port !== null ? { port } : {}),
    ...(draft.kind === 'http' ? { path: draft.path.trim() } : {}),
    ...(draft.kind === 'command' ? { command } : {}),
    intervalMs: millis(draft.interval, serviceFields.healthInterval),
    timeoutMs: millis(draft.timeout, serviceFields.healthTimeout),
    retries: retries ?? 0,
    startPeriodMs: millis(draft.startPeriod, serviceFields.healthStartPeriod),
  };
}

/** The spec the form would send, and what is wrong with the text before it can be one. */
function convert(draft: ServiceDraft): Conversion {
  const errors = new Map<string, string>();
  const replicas = wholeNumber(draft.replicas);
  if (draft.mode === 'replicated' && replicas === null)
    errors.set(serviceFields.replicas, 'must be a whole number');
  const ports = parseServicePorts(draft.ports, draft.publishMode);
  if (ports.error) errors.set(serviceFields.ports, ports.error);
  const env = parsePairs(draft.env);
  if (env.error) errors.set(serviceFields.env, env.error);
  const labels = parsePairs(draft.labels);
  if (labels.error) errors.set(serviceFields.labels, labels.error);
  const input: ServiceSpecInput = {
    name: draft.name,
    image: chosenImage(draft.imageChoice, draft.otherImage),
    mode: draft.mode,
    ...(draft.mode === 'replicated' ? { replicas: replicas ?? 0 } : {}),
    networks: draft.networks.map((network) => ({ network })),
    endpointMode: draft.endpointMode,
    ports: ports.ports,
    constraints: splitConstraints(draft.constraints),
    healthCheck: toHealthCheck(draft.healthCheck, errors),
    env: env.pairs,
    labels: labels.pairs,
  };
  return { input, errors };
}

/**
 * Every problem the form can see before asking the server, keyed by field path: the text's own
 * problems first, then `serviceSpecSchema`'s (the server's own rules, in its words).
 */
export function validateServiceDraft(draft: ServiceDraft): Map<string, string> {
  const { input, errors } = convert(draft);
  const result = serviceSpecSchema.safeParse(input);
  for (const issue of result.success ? [] : result.error.issues) {
    const path = fieldForServerError(issue.path.join('.'), serviceFieldPaths);
    if (path !== null && !errors.has(path)) errors.set(path, issue.message);
  }
  // In the form's order, so a refused submit focuses the first field on screen.
  return new Map(
    serviceFieldPaths.flatMap((path) => {
      const message = errors.get(path);
      return message === undefined ? [] : [[path, message] as const];
    }),
  );
}

export function toServiceSpecInput(draft: ServiceDraft): ServiceSpecInput {
  return convert(draft).input;
}
