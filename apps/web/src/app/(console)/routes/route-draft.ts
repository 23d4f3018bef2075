import {
  routeHostnameSchema,
  routeInputSchema,
  type RouteInput,
  type RouteProtocol,
  type RouteView,
} from '@switchyard/contracts';
import { wholeNumber } from '../../../lib/inventory/duration';
import { zodMessage } from '../../../lib/inventory/zod-message';
import { fieldForServerError } from '../../../lib/trpc/field-errors';
import { isConflict } from '../../../lib/trpc/errors';

/** The route form as typed; empty optional boxes mean "off". */
export interface RouteDraft {
  hostname: string;
  /** The service's name. */
  service: string;
  internalPort: string;
  protocol: RouteProtocol;
  stickyCookie: string;
  redirect: string;
  isDefault: boolean;
}

/** Field paths as `routeInputSchema` and the server name them, so either's errors land on the field. */
export const routeFields = {
  hostname: 'hostname',
  service: 'service',
  internalPort: 'internalPort',
  protocol: 'protocol',
  stickyCookie: 'stickyCookie',
  redirect: 'redirect',
  isDefault: 'isDefault',
} as const;

export const routeFieldPaths: string[] = Object.values(routeFields);

export function emptyRouteDraft(service = '', internalPort = 80): RouteDraft {
  return {
    hostname: '',
    service,
    internalPort: String(internalPort),
    protocol: 'http',
    stickyCookie: '',
    redirect: '',
    isDefault: false,
  };
}

export function routeDraftOf(route: RouteView): RouteDraft {
  return {
    hostname: route.hostname,
    service: route.serviceName,
    internalPort: String(route.internalPort),
    protocol: route.protocol,
    stickyCookie: route.stickyCookie ?? '',
    redirect: route.redirect ?? '',
    isDefault: route.isDefault,
  };
}

const blankToNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** The input the form would send. Stickiness, redirects and the default route are HTTP's alone. */
export function toRouteInput(draft: RouteDraft): RouteInput {
  const http = draft.protocol === 'http';
  return {
    hostname: draft.hostname,
    service: draft.service,
    internalPort: wholeNumber(draft.internalPort) ?? 0,
    protocol: draft.protocol,
    stickyCookie: http ? blankToNull(draft.stickyCookie) : null,
    redirect: http ? blankToNull(draft.redirect) : null,
    isDefault: http && draft.isDefault,
  };
}

/**
 * Every problem the form can see before asking the server, in the form's order: the hostname with
 * `routeHostnameSchema` (the words the server would use), then the rest of `routeInputSchema`.
 */
export function validateRouteDraft(draft: RouteDraft, paths: readonly string[] = routeFieldPaths) {
  const errors = new Map<string, string>();
  const hostname = zodMessage(routeHostnameSchema, draft.hostname);
  if (hostname) errors.set(routeFields.hostname, hostname);
  if (wholeNumber(draft.internalPort) === null) errors.set(routeFields.internalPort, 'must be a port number');
  const result = routeInputSchema.safeParse(toRouteInput(draft));
  for (const issue of result.success ? [] : result.error.issues) {
    const path = fieldForServerError(issue.path.join('.'), paths);
    if (path !== null && !errors.has(path)) errors.set(path, issue.message);
  }
  return new Map(
    paths.flatMap((path) => {
      const message = errors.get(path);
      return message === undefined ? [] : [[path, message] as const];
    }),
  );
}

/**
 * Where a refusal belongs on a route form: `update` takes `{ route, spec }`, so its input errors name
 * `spec.hostname`; a conflict that names no field is about the hostname (another service has it).
 */
export function routeServerField(field: string | null, error: unknown): string | null {
  if (field === null) return isConflict(error) ? routeFields.hostname : null;
  return field.startsWith('spec.') ? field.slice('spec.'.length) : field;
}
