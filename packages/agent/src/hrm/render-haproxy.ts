import type { DesiredMesh, DesiredRoute } from '@switchyard/contracts';
import { errorFiles, noRoutePage, noTaskPage } from './pages.js';

export interface HaproxyPaths {
  /** The directory holding the config and its files; the config names them by absolute path. */
  dir: string;
}

/** A rendered proxy: the config and the files it references, by name inside `paths.dir`. */
export interface RenderedProxy {
  config: string;
  files: Record<string, string>;
}

export const configFile = 'haproxy.cfg';
export const statsSocketFile = 'stats.sock';
const mapFiles = {
  hosts: 'hosts.map',
  wildcards: 'wildcards.map',
  sni: 'sni.map',
  sniWildcards: 'sni-wildcards.map',
};
const noRouteFile = 'no-route.html';

/**
 * The dashboard's session cookie (`sy_session`, `__Host-sy_session` over HTTPS: the control plane's
 * auth/cookies.ts): a browser sends a cookie to every port of the host that set it, so one signed in
 * to the dashboard would hand its session to whatever workload the mesh serves on that host. Each
 * pass cuts one occurrence out of the Cookie header and keeps the other cookies (two passes: a
 * browser may hold both names); a header left empty is dropped. Single-quoted: no escapes or
 * variables are expanded inside.
 */
const stripDashboardCookie =
  "http-request replace-header Cookie '^(.*;\\s*)?(__Host-)?sy_session=[^;]*;?\\s*(.*)$' '\\1\\3'";
const stripDashboardCookies = [
  stripDashboardCookie,
  stripDashboardCookie,
  'http-request del-header Cookie if { req.fhdr(cookie) -m len 0 }',
];

const backendPrefix = 'route_';
/** The proxy's backend for a route; its stats row is keyed by this name. */
export const backendName = (routeId: string) => `${backendPrefix}${routeId}`;
export const routeIdOf = (backend: string) =>
  backend.startsWith(backendPrefix) ? backend.slice(backendPrefix.length) : undefined;

/** A hostname that cannot break a map file's `key value` line (the control plane validates them). */
const mapSafeHostname = /^(\*\.)?[a-z0-9.-]+$/;

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * HAProxy's configuration for the routing mesh on this host: HTTP routed by Host (exact names,
 * then `*.` wildcards by longest suffix, then the default route), TLS routed by SNI without
 * terminating it. Pure and deterministic: the same mesh renders byte-identical files.
 */
export function renderHaproxy(mesh: DesiredMesh, paths: HaproxyPaths): RenderedProxy {
  const at = (file: string) => `${paths.dir}/${file}`;
  const routes = [...mesh.routes].sort(
    (a, b) => compare(a.hostname, b.hostname) || compare(a.routeId, b.routeId),
  );
  const http = routes.filter((route) => route.protocol === 'http');
  const sni = routes.filter((route) => route.protocol === 'sni');
  const fallback = http.find((route) => route.isDefault);
  const config = [
    section('# The HTTP routing mesh on this host, rendered by the switchyard agent: do not edit.', []),
    section('global', [
      'master-worker',
      '# The master stays root (it binds the ports and re-reads this file on reload); workers drop',
      "# to Debian's haproxy user once bound. The socket is bound by the master: root's, mode 600.",
      'user haproxy',
      'group haproxy',
      `stats socket ${at(statsSocketFile)} mode 600 level admin expose-fd listeners`,
      '# One thread: the host shares its cores with the tasks, and threads contending cost more',
      '# than they bring (measured with bench:hrm on 2 cores: p99 at 64 connections 2.2x nginx with 2).',
      'nbthread 1',
      'log stdout format raw local0',
      '# Reloads hand the listeners over (expose-fd): a port shared would hide another proxy on it.',
      'noreuseport',
      '# An old worker kept by a long-lived tunnel after a reload still ends within the hour.',
      'hard-stop-after 1h',
    ]),
    section('defaults', [
      'mode http',
      'log global',
      'option httplog',
      'option redispatch',
      'retries 2',
      'retry-on conn-failure empty-response',
      'http-reuse safe',
      ...timeouts,
      'timeout http-request 10s',
      'timeout http-keep-alive 10s',
      `errorfile 502 ${at('502.http')}`,
      '# HAProxy answers 503 when no task accepts the connection: to the client that is a bad gateway.',
      `errorfile 503 ${at('unreachable.http')}`,
      `errorfile 504 ${at('504.http')}`,
    ]),
    section('frontend http', [
      `bind :${mesh.httpPort}`,
      'option forwardfor',
      'http-request set-var(txn.host) req.hdr(host),field(1,:),lower',
      'http-request set-header X-Forwarded-Proto http',
      'http-request set-header X-Forwarded-Host %[req.hdr(host)] if { req.hdr(host) -m found }',
      // The dashboard's session cookie is sent to every port of its host: never to a workload.
      ...stripDashboardCookies,
      `http-request set-var(txn.backend) var(txn.host),map(${at(mapFiles.hosts)})`,
      `http-request set-var(txn.backend) var(txn.host),map_end(${at(mapFiles.wildcards)}) unless { var(txn.backend) -m found }`,
      'use_backend %[var(txn.backend)] if { var(txn.backend) -m found }',
      `default_backend ${fallback === undefined ? 'no_route' : backendName(fallback.routeId)}`,
    ]),
    ...(fallback === undefined
      ? [
          section('backend no_route', [
            `http-request return status 503 content-type "text/html; charset=utf-8" lf-file ${at(noRouteFile)}`,
          ]),
        ]
      : []),
    ...http.map(httpBackend),
    section('defaults', [
      'mode tcp',
      'log global',
      'option tcplog',
      'option redispatch',
      'retries 2',
      ...timeouts,
    ]),
    section('frontend sni', [
      `bind :${mesh.sniPort}`,
      'tcp-request inspect-delay 5s',
      // The condition waits for the whole client hello; without one the variable stays unset.
      `tcp-request content set-var(txn.backend) req.ssl_sni,lower,map(${at(mapFiles.sni)}) if { req.ssl_hello_type 1 }`,
      `tcp-request content set-var(txn.backend) req.ssl_sni,lower,map_end(${at(mapFiles.sniWildcards)}) if { req.ssl_hello_type 1 } !{ var(txn.backend) -m found }`,
      'tcp-request content accept if { var(txn.backend) -m found }',
      'tcp-request content reject',
      'use_backend %[var(txn.backend)]',
    ]),
    ...sni.map((route) => section(`backend ${backendName(route.routeId)}`, balanced(route, null))),
  ].join('\n');
  return {
    config,
    files: {
      [mapFiles.hosts]: exactMap(http),
      [mapFiles.wildcards]: wildcardMap(http),
      [mapFiles.sni]: exactMap(sni),
      [mapFiles.sniWildcards]: wildcardMap(sni),
      [noRouteFile]: noRoutePage,
      ...errorFiles,
    },
  };
}

const timeouts = [
  // Tasks are one overlay hop away: a connect that takes a second is to a task that is gone, and
  // is retried on another (redispatch) rather than stalling the request.
  'timeout connect 1s',
  'timeout client 30s',
  'timeout server 30s',
  // WebSocket upgrades and TLS passthrough become tunnels, idle for up to an hour.
  'timeout tunnel 1h',
];

function section(header: string, lines: readonly string[]): string {
  return [header, ...lines.map((line) => `    ${line}`), ''].join('\n');
}

function httpBackend(route: DesiredRoute): string {
  const header = `backend ${backendName(route.routeId)}`;
  if (route.redirect !== null) {
    // A log-format string: a literal % is %%. Without a trailing slash the kept path joins cleanly.
    const prefix = route.redirect.replace(/\/+$/, '').replaceAll('%', '%%');
    return section(header, [`http-request redirect prefix ${quoted(prefix)} code 302`]);
  }
  if (route.backends.length === 0) {
    return section(header, [
      `http-request return status 503 content-type "text/html; charset=utf-8" string ${quoted(noTaskPage(route.serviceName))}`,
    ]);
  }
  return section(header, balanced(route, route.stickyCookie));
}

/** Round robin over the route's tasks; with `cookie`, one naming the task pins a client to it. */
function balanced(route: DesiredRoute, cookie: string | null): string[] {
  const used = new Set<string>();
  const servers = route.backends.map((backend, i) => {
    let name = backend.task.replace(/[^A-Za-z0-9_.:-]/g, '_');
    if (used.has(name)) name = `${name}_${i}`;
    used.add(name);
    const value = cookie === null ? '' : ` cookie ${quoted(backend.task)}`;
    return `server ${name} ${backend.address}:${backend.port}${value}`;
  });
  const insert = cookie === null ? [] : [`cookie ${quoted(cookie)} insert indirect nocache httponly`];
  return ['balance roundrobin', ...insert, ...servers];
}

function exactMap(routes: readonly DesiredRoute[]): string {
  return mapLines(
    routes
      .filter((route) => !route.hostname.startsWith('*.'))
      .map((route) => [route.hostname.toLowerCase(), route.routeId]),
  );
}

/** `*.example.com` as the suffix `.example.com`; map_end takes the first match, so longest first. */
function wildcardMap(routes: readonly DesiredRoute[]): string {
  const entries = routes
    .filter((route) => route.hostname.startsWith('*.'))
    .map((route): [string, string] => [route.hostname.slice(1).toLowerCase(), route.routeId]);
  entries.sort(([a], [b]) => b.length - a.length || compare(a, b));
  return mapLines(entries);
}

function mapLines(entries: readonly (readonly [string, string])[]): string {
  return entries
    .filter(([key]) => mapSafeHostname.test(key.startsWith('.') ? `*${key}` : key))
    .map(([key, routeId]) => `${key} ${backendName(routeId)}\n`)
    .join('');
}

/** One config word in double quotes: backslash, quote and dollar escaped, control characters as \xNN. */
function quoted(value: string): string {
  const escaped = [...value].map((char) => {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
    return '\\"$'.includes(char) ? `\\${char}` : char;
  });
  return `"${escaped.join('')}"`;
}
