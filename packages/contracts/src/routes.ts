import { z } from 'zod';
import { ipv4Schema, macSchema } from './net.js';
import { unsafeUrlCharacters } from './grammar.js';
import { portNumberSchema } from './ports.js';

/**
 * The HTTP Routing Mesh (UCP's HRM): hostnames routed on every host to a service's healthy tasks,
 * over the `hrm` overlay (or any overlay labelled `com.docker.ucp.mesh.http`).
 */

/** Networks carrying this label (any value) are ones the proxy joins; the default `hrm` has it. */
export const meshNetworkLabel = 'com.docker.ucp.mesh.http';
/** The overlay network the control plane creates for the mesh at first start. */
export const defaultMeshNetworkName = 'hrm';

const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * RFC 1123 host names, lower-cased, with an optional leading `*.` wildcard (one label or more
 * under it); the port, if any, is not part of a route's hostname.
 */
export const routeHostnameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'is required')
  .max(253, 'must be at most 253 characters')
  .superRefine((value, ctx) => {
    const name = value.startsWith('*.') ? value.slice(2) : value;
    const labels = name.split('.');
    if (name.includes('*')) {
      ctx.addIssue({ code: 'custom', message: 'may use * only as a whole first label, as in *.example.com' });
    } else if (labels.length < 2 && value.startsWith('*.')) {
      ctx.addIssue({ code: 'custom', message: 'a wildcard needs a domain under it, as in *.example.com' });
    } else {
      const bad = labels.find((part) => !label.test(part));
      if (bad !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message:
            bad === ''
              ? 'has an empty label (two dots in a row, or a dot at either end)'
              : `has an invalid label "${bad}": use a-z, 0-9 and inner hyphens, at most 63 characters`,
        });
      }
    }
  });

export const routeProtocolSchema = z.enum(['http', 'sni']);
export type RouteProtocol = z.infer<typeof routeProtocolSchema>;

/** A cookie name (RFC 6265 token) for sticky sessions. */
export const stickyCookieSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/, "must be a cookie name: letters, digits and !#$%&'*+.^_`|~-");

/**
 * Where a route redirects: an http(s) URL, written into the proxy's config. WHATWG URL parsing drops
 * tabs and newlines silently, so they (and spaces, quotes, backslashes, non-ASCII) are refused first.
 */
export const redirectUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine(
    (value) => !unsafeUrlCharacters.test(value),
    'must not contain spaces, quotes, backslashes, control or non-ASCII characters (percent-encode them)',
  )
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');

/** A route as an operator creates or edits it (dashboard, tRPC). */
export const routeInputSchema = z.object({
  hostname: routeHostnameSchema,
  /** The service's name or id. */
  service: z.string().trim().min(1, 'is required'),
  internalPort: portNumberSchema,
  protocol: routeProtocolSchema.default('http'),
  /** Pin a client to one task with this cookie (http only). */
  stickyCookie: stickyCookieSchema.nullable().default(null),
  /** Answer every request for the hostname with a redirect here instead of proxying (http only). */
  redirect: redirectUrlSchema.nullable().default(null),
  /** Also serve requests whose Host matches no route (http only; one default route at most). */
  isDefault: z.boolean().default(false),
});
export type RouteInput = z.input<typeof routeInputSchema>;
export type RouteSpec = z.output<typeof routeInputSchema>;

export const routeStatusCountsSchema = z.object({
  '1xx': z.number().int().nonnegative(),
  '2xx': z.number().int().nonnegative(),
  '3xx': z.number().int().nonnegative(),
  '4xx': z.number().int().nonnegative(),
  '5xx': z.number().int().nonnegative(),
});

/** One route's counters on one host since its proxy started (they survive reloads). */
export const routeCountersSchema = z.object({
  routeId: z.string(),
  requests: z.number().int().nonnegative(),
  status: routeStatusCountsSchema,
  /** Mean response time of the last requests, as the proxy reports it; null before any. */
  avgResponseMs: z.number().nonnegative().nullable(),
});
export type RouteCounters = z.infer<typeof routeCountersSchema>;

export const routeHostStateSchema = z.object({
  nodeId: z.string(),
  nodeName: z.string(),
  /** ready: this host's proxy serves the route; pending: not confirmed yet; error: see message. */
  state: z.enum(['ready', 'pending', 'error', 'down']),
  message: z.string().nullable(),
});

/** A route as the dashboard, tRPC and the events show it. */
export const routeViewSchema = z.object({
  id: z.string(),
  hostname: z.string(),
  protocol: routeProtocolSchema,
  serviceId: z.string(),
  serviceName: z.string(),
  internalPort: z.number().int(),
  stickyCookie: z.string().nullable(),
  redirect: z.string().nullable(),
  isDefault: z.boolean(),
  /** `label`: from the service's com.docker.ucp.mesh.http labels; `api`: made in the dashboard or tRPC. */
  source: z.enum(['label', 'api']),
  /** Whether the proxy can reach the service (it is on a mesh network); if not, why. */
  routable: z.boolean(),
  reason: z.string().nullable(),
  /** Healthy tasks the route balances over. */
  backends: z.number().int().nonnegative(),
  hosts: z.array(routeHostStateSchema),
  /** Summed over the hosts. */
  counters: routeCountersSchema.omit({ routeId: true }),
  createdAt: z.string(),
});
export type RouteView = z.infer<typeof routeViewSchema>;

/** What one node's proxy must serve (part of its desired document). */
export const desiredRouteSchema = z.object({
  /** Stable: names the proxy's backend and keys the counters. */
  routeId: z.string().regex(/^[a-z0-9]{1,40}$/),
  hostname: z.string(),
  protocol: routeProtocolSchema,
  serviceName: z.string(),
  /** The service's healthy tasks on a mesh network this node joins. */
  backends: z.array(z.object({ task: z.string(), address: ipv4Schema, port: portNumberSchema })),
  stickyCookie: z.string().nullable(),
  redirect: z.string().nullable(),
  isDefault: z.boolean(),
});
export type DesiredRoute = z.infer<typeof desiredRouteSchema>;

export const desiredMeshSchema = z.object({
  /** Where the proxy listens on every address of the host. */
  httpPort: portNumberSchema,
  sniPort: portNumberSchema,
  /**
   * The host's legs into each mesh network: a veth from the host namespace (`interfaceName`, with
   * the address and MAC) to `br0` in the overlay's namespace, as for the ingress network.
   */
  links: z.array(
    z.object({
      networkId: z.string(),
      interfaceName: z.string().regex(/^[a-zA-Z0-9_.-]{1,15}$/),
      address: ipv4Schema,
      prefixLength: z.number().int().min(0).max(32),
      mac: macSchema,
    }),
  ),
  /** Routable routes only, sorted by hostname. */
  routes: z.array(desiredRouteSchema),
});
export type DesiredMesh = z.infer<typeof desiredMeshSchema>;
