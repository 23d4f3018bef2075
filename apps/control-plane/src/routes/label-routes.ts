import {
  meshNetworkLabel,
  redirectUrlSchema,
  routeHostnameSchema,
  routeProtocolSchema,
  stickyCookieSchema,
  type RouteProtocol,
} from '@switchyard/contracts';
import { ServiceError } from '../errors.js';
import { sniProblem, type RouteSettings } from './route-rules.js';

/** A route a service's labels ask for, with the label that asked. */
export interface LabelRoute extends RouteSettings {
  label: string;
}

/** Why a part of a label could not be read; the caller quotes the part. */
class Unreadable extends Error {}

const labelError = (label: string, message: string) =>
  new ServiceError('BAD_REQUEST', `label ${label}: ${message}`, 'labels');

function readPart<T>(label: string, part: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof Unreadable) throw labelError(label, `cannot read "${part}": ${error.message}`);
    throw error;
  }
}

function readPort(text: string, what: string): number {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(port >= 1 && port <= 65_535)) throw new Unreadable(`${what} must be a port number from 1 to 65535`);
  return port;
}

/** `<scheme>://<hostname>`: the whole hostname, no port or path (the proxy listens on its own ports). */
function readExternalRoute(text: string): { protocol: RouteProtocol; hostname: string } {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(text.trim());
  if (match === null) throw new Unreadable('expected <scheme>://<hostname>, as in http://foo.example.com');
  const [, scheme = '', host = ''] = match;
  const protocol = routeProtocolSchema.safeParse(scheme.toLowerCase());
  if (!protocol.success) {
    throw new Unreadable(`the mesh serves http and sni (TLS passed through by server name), not ${scheme}`);
  }
  const path = host.indexOf('/');
  if (path >= 0)
    throw new Unreadable(`a route is a whole hostname: leave out the path "${host.slice(path)}"`);
  if (/:\d*$/.test(host)) {
    throw new Unreadable('leave out the port: the mesh listens on its own HTTP and SNI ports on every host');
  }
  const hostname = routeHostnameSchema.safeParse(host);
  if (!hostname.success)
    throw new Unreadable(`hostname ${hostname.error.issues[0]?.message ?? 'is invalid'}`);
  return { protocol: protocol.data, hostname: hostname.data };
}

/** Splits `a,b,,c ` into its non-empty parts. */
const parts = (value: string) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

/** `com.docker.ucp.mesh.http=8080=http://foo.example.com,8081=sni://bar.example.com` */
function readShortLabel(label: string, value: string): LabelRoute[] {
  const routes = parts(value).map((part) =>
    readPart(label, part, () => {
      const equals = part.indexOf('=');
      if (equals < 0) {
        throw new Unreadable(
          'expected <internal port>=<scheme>://<hostname>, as in 8080=http://foo.example.com',
        );
      }
      const internalPort = readPort(part.slice(0, equals), 'the internal port');
      const route = readExternalRoute(part.slice(equals + 1));
      return { ...route, internalPort, stickyCookie: null, redirect: null, isDefault: false, label };
    }),
  );
  if (routes.length === 0) {
    throw labelError(
      label,
      'gives no route: expected <internal port>=<scheme>://<hostname>, comma-separated',
    );
  }
  return routes;
}

const settingNames = ['external_route', 'internal_port', 'sticky_sessions', 'redirect'] as const;
type SettingName = (typeof settingNames)[number];
const isSettingName = (name: string): name is SettingName =>
  (settingNames as readonly string[]).includes(name);

interface Setting {
  name: SettingName;
  /** The whole `name=value`, for quoting. */
  part: string;
  value: string;
}

/** The `setting=value` parts of a long label, by name. */
function readSettings(label: string, value: string): Map<SettingName, Setting> {
  const settings = new Map<SettingName, Setting>();
  for (const part of parts(value)) {
    readPart(label, part, () => {
      const equals = part.indexOf('=');
      if (equals < 0) throw new Unreadable('expected setting=value, as in internal_port=8080');
      const name = part.slice(0, equals).trim();
      if (!isSettingName(name)) {
        throw new Unreadable(`unknown setting ${name}: use ${settingNames.join(', ')}`);
      }
      if (settings.has(name)) throw new Unreadable(`${name} is given twice`);
      settings.set(name, { name, part, value: part.slice(equals + 1).trim() });
    });
  }
  return settings;
}

/** An optional setting read through its schema; null when absent. */
function readOptional(
  label: string,
  setting: Setting | undefined,
  schema: typeof stickyCookieSchema | typeof redirectUrlSchema,
): string | null {
  if (setting === undefined) return null;
  return readPart(label, setting.part, () => {
    const parsed = schema.safeParse(setting.value);
    if (!parsed.success) {
      throw new Unreadable(`${setting.name} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
    }
    return parsed.data;
  });
}

/** `com.docker.ucp.mesh.http.<n>=external_route=http://foo.example.com,internal_port=8080[,...]` */
function readLongLabel(label: string, value: string): LabelRoute {
  if (!/^\d+$/.test(label.slice(meshNetworkLabel.length + 1))) {
    throw labelError(label, `expected a number after ${meshNetworkLabel}., as in ${meshNetworkLabel}.1`);
  }
  const settings = readSettings(label, value);
  const required = (name: SettingName, example: string) => {
    const setting = settings.get(name);
    if (setting === undefined) throw labelError(label, `${name} is required, as in ${name}=${example}`);
    return setting;
  };
  const external = required('external_route', 'http://foo.example.com');
  const port = required('internal_port', '8080');
  const sticky = settings.get('sticky_sessions');
  const redirect = settings.get('redirect');
  const route: LabelRoute = {
    ...readPart(label, external.part, () => readExternalRoute(external.value)),
    internalPort: readPart(label, port.part, () => readPort(port.value, 'internal_port')),
    stickyCookie: readOptional(label, sticky, stickyCookieSchema),
    redirect: readOptional(label, redirect, redirectUrlSchema),
    isDefault: false,
    label,
  };
  const problem = sniProblem(route);
  const culprit = problem?.field === 'stickyCookie' ? sticky : redirect;
  if (problem !== null && culprit !== undefined) {
    throw labelError(label, `cannot read "${culprit.part}": ${problem.message}`);
  }
  return route;
}

/**
 * The routes a service's UCP labels ask for, by hostname. Both syntaxes give the same routes for
 * the same intent; anything unreadable is refused, quoting the part, rather than silently skipped.
 */
export function routesFromLabels(labels: Record<string, string>): LabelRoute[] {
  const routes: LabelRoute[] = [];
  for (const [label, value] of Object.entries(labels)) {
    if (label === meshNetworkLabel) routes.push(...readShortLabel(label, value));
    else if (label.startsWith(`${meshNetworkLabel}.`)) routes.push(readLongLabel(label, value));
  }
  const seen = new Map<string, string>();
  for (const route of routes) {
    const other = seen.get(route.hostname);
    if (other !== undefined) {
      throw labelError(
        route.label,
        other === route.label
          ? `routes hostname ${route.hostname} twice`
          : `hostname ${route.hostname} is already routed by label ${other}`,
      );
    }
    seen.set(route.hostname, route.label);
  }
  return routes.sort((a, b) => a.hostname.localeCompare(b.hostname));
}
