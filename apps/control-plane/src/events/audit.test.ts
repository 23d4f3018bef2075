import { Readable } from 'node:stream';
import { dockerArchive } from '../test-support/images/archive-fixture.js';
import { engineFetch, type EngineFetch } from '../test-support/docker-api/engine-fetch.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventKind } from '@switchyard/contracts';
import { containerRoutes } from '../docker-api/container-handlers.js';
import { execRoutes } from '../docker-api/exec-handlers.js';
import { imageRoutes } from '../docker-api/image-handlers.js';
import { networkRoutes } from '../docker-api/network-handlers.js';
import { nodeRoutes } from '../docker-api/node-handlers.js';
import { serviceRoutes } from '../docker-api/service-handlers.js';
import { systemRoutes } from '../docker-api/system-handlers.js';
import type { Route } from '../docker-api/router.js';
import { appRouter } from '../trpc/router.js';
import {
  closeTestCluster,
  startTestCluster,
  testAdminPassword,
  until,
  type TestCluster,
} from '../test-support/test-cluster.js';

// Every change must reach the audit log with who made it. These tests drive each tRPC mutation and
// each mutating Docker Engine API route against the real control plane (fake agents, a throwaway
// database) and look for its event. A new mutation without a case here fails the first test of its
// kind: give it a case, and make it record an event.

let cluster: TestCluster;
let trpcUrl: string;
let dockerEngine: EngineFetch;
let cookie = '';

beforeAll(async () => {
  cluster = await startTestCluster('audit', {
    engineApi: true,
    dockerTlsListen: '127.0.0.1:0',
    taskRestartDelayMs: 100,
    // A closed agent is down within 4 s (its node is not marked down at the disconnect itself).
    heartbeatIntervalMs: 500,
    nodeDownAfterMs: 4_000,
  });
  trpcUrl = `${cluster.controlPlane.url}/trpc`;
  const engine = engineFetch(cluster.controlPlane.dockerHost);
  dockerEngine = (path, init) => engine(`/v1.47${path}`, init);
  await cluster.join('audit-a', ['192.168.99.0/24'], { underlayAddress: '192.168.99.21' });
  // An image for the Images page's mutations to change.
  await cluster.controlPlane.services.images.load(
    Readable.from(dockerArchive('audit/ui:1').archive),
    'setup',
  );
}, 60_000);

afterAll(() => closeTestCluster(cluster));

interface Reply {
  status: number;
  data: unknown;
  setCookie: string | null;
}

async function trpc(path: string, input: unknown, mutation: boolean): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json', cookie };
  const response = mutation
    ? await fetch(`${trpcUrl}/${path}`, { method: 'POST', headers, body: JSON.stringify(input) })
    : await fetch(`${trpcUrl}/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  const body = (await response.json()) as { result?: { data: unknown }; error?: { message: string } };
  if (!response.ok) throw new Error(`${path}: ${response.status} ${body.error?.message ?? ''}`);
  return {
    status: response.status,
    data: body.result?.data,
    setCookie: response.headers.get('set-cookie')?.split(';')[0] ?? null,
  };
}

interface Recorded {
  id: string;
  kind: EventKind;
  actor: string;
  subject: string | null;
  message: string;
}

const events = async (filter: Record<string, unknown>) =>
  (await trpc('events.list', { limit: 1000, ...filter }, false)).data as Recorded[];

/** The newest event of `kind` by `actor` after `since`, waited for briefly (some commit after the reply). */
async function recordedAfter(since: Set<string>, kind: EventKind, actor: string): Promise<Recorded> {
  return until(async () => (await events({ kinds: [kind], actor })).find((event) => !since.has(event.id)));
}

async function seen(): Promise<Set<string>> {
  return new Set((await events({})).map((event) => event.id));
}

const ids: Record<string, string> = {};
const record = (key: string) => (data: unknown) => {
  ids[key] = (data as { id: string }).id;
};

interface TrpcCase {
  path: string;
  input: () => unknown;
  kind: EventKind;
  keep?: (data: unknown) => void;
}

/** Every tRPC mutation in an order that works, with the event it must leave. */
const trpcCases: TrpcCase[] = [
  {
    path: 'auth.login',
    input: () => ({ username: 'admin', password: testAdminPassword }),
    kind: 'auth.login',
  },
  {
    path: 'tokens.create',
    input: () => ({ purpose: 'audit' }),
    kind: 'token.created',
    keep: record('token'),
  },
  { path: 'tokens.revoke', input: () => ({ id: ids.token }), kind: 'token.revoked' },
  // The first ask issues the cluster's current token; a rotation replaces it.
  { path: 'tokens.current', input: () => undefined, kind: 'token.created' },
  { path: 'tokens.rotate', input: () => undefined, kind: 'token.rotated' },
  {
    path: 'bundles.create',
    input: () => ({ label: 'audit laptop' }),
    kind: 'bundle.created',
    keep: (data) => {
      ids.bundle = (data as { serial: string }).serial;
    },
  },
  { path: 'bundles.revoke', input: () => ({ serial: ids.bundle }), kind: 'bundle.revoked' },
  {
    path: 'bundles.createFor',
    input: () => ({ username: 'admin', label: 'audit-cli' }),
    kind: 'bundle.created',
  },
  {
    path: 'users.create',
    input: () => ({ username: 'auditor', password: 'auditor-password', role: 'viewer' }),
    kind: 'user.created',
    keep: record('user'),
  },
  { path: 'users.setRole', input: () => ({ id: ids.user, role: 'operator' }), kind: 'user.role.changed' },
  {
    path: 'users.resetPassword',
    input: () => ({ id: ids.user, password: 'auditor-password-2' }),
    kind: 'user.password.reset',
  },
  { path: 'users.remove', input: () => ({ id: ids.user }), kind: 'user.removed' },
  {
    path: 'auth.changePassword',
    input: () => ({ currentPassword: testAdminPassword, newPassword: 'audit-admin-password' }),
    kind: 'user.password.changed',
  },
  {
    // And back, so the admin signs in with the test password again below.
    path: 'auth.changePassword',
    input: () => ({ currentPassword: 'audit-admin-password', newPassword: testAdminPassword }),
    kind: 'user.password.changed',
  },
  {
    path: 'networks.create',
    input: () => ({ name: 'audit-net', labels: { 'com.switchyard.node': 'audit-a' } }),
    kind: 'network.created',
  },
  {
    path: 'containers.create',
    input: () => ({ name: 'audit-c', image: 'switchyard/toolbox', networks: [{ network: 'audit-net' }] }),
    kind: 'container.created',
  },
  { path: 'containers.start', input: () => ({ container: 'audit-c' }), kind: 'container.started' },
  {
    path: 'containers.stop',
    input: () => ({ container: 'audit-c', timeoutSeconds: 0 }),
    kind: 'container.stopped',
  },
  {
    path: 'networks.connect',
    input: () => ({ network: 'bridge', container: 'audit-c' }),
    kind: 'network.connected',
  },
  {
    path: 'networks.disconnect',
    input: () => ({ network: 'bridge', container: 'audit-c' }),
    kind: 'network.disconnected',
  },
  {
    path: 'containers.remove',
    input: () => ({ container: 'audit-c', force: true }),
    kind: 'container.removed',
  },
  { path: 'networks.remove', input: () => ({ network: 'audit-net' }), kind: 'network.removed' },
  {
    path: 'networks.create',
    input: () => ({ name: 'audit-prunable', labels: { 'com.switchyard.node': 'audit-a' } }),
    kind: 'network.created',
  },
  { path: 'networks.prune', input: () => undefined, kind: 'network.removed' },
  {
    path: 'services.create',
    input: () => ({ name: 'audit-svc', image: 'switchyard/whoami', networks: [{ network: 'hrm' }] }),
    kind: 'service.created',
  },
  {
    path: 'services.update',
    input: () => ({
      service: 'audit-svc',
      spec: {
        name: 'audit-svc',
        image: 'switchyard/whoami',
        networks: [{ network: 'hrm' }],
        env: { A: '1' },
      },
    }),
    kind: 'service.updated',
  },
  { path: 'services.scale', input: () => ({ service: 'audit-svc', replicas: 2 }), kind: 'service.updated' },
  {
    path: 'routes.create',
    input: () => ({ hostname: 'audit.example.com', service: 'audit-svc', internalPort: 80 }),
    kind: 'route.created',
  },
  {
    path: 'routes.update',
    input: () => ({
      route: 'audit.example.com',
      spec: { hostname: 'audit.example.com', service: 'audit-svc', internalPort: 8080 },
    }),
    kind: 'route.updated',
  },
  { path: 'routes.remove', input: () => ({ route: 'audit.example.com' }), kind: 'route.removed' },
  { path: 'services.remove', input: () => ({ service: 'audit-svc' }), kind: 'service.removed' },
  { path: 'nodes.update', input: () => ({ node: 'audit-a', labels: { zone: 'a' } }), kind: 'node.updated' },
  { path: 'nodes.remove', input: () => ({ id: ids.downNode }), kind: 'node.removed' },
  { path: 'images.tag', input: () => ({ id: 'audit/ui:1', reference: 'audit/ui:2' }), kind: 'image.tagged' },
  { path: 'images.remove', input: () => ({ id: 'audit/ui:2' }), kind: 'image.removed' },
  { path: 'backup.snapshot', input: () => undefined, kind: 'backup.snapshot' },
  { path: 'auth.logout', input: () => undefined, kind: 'auth.logout' },
  { path: 'auth.signOutEverywhere', input: () => undefined, kind: 'auth.logout.everywhere' },
];

/** Steps that end the admin's session: the log is read as admin again after them. */
const endsSession = new Set(['auth.logout', 'auth.signOutEverywhere']);

/**
 * Mutations that need a real agent to answer (a fake one does not run probes), with where their
 * event is made; each still must be named here, so a new mutation cannot slip past this test.
 */
const drivenElsewhere = new Map<string, EventKind>([
  ['diagnostics.probe', 'diagnostics.run'],
  ['diagnostics.pathCheck', 'diagnostics.run'],
  // From outside the cluster: integration/cluster/path-targets.integration.test.ts.
  ['diagnostics.targetCheck', 'diagnostics.run'],
  // A host with a container runtime pulls: images/images.test.ts.
  ['images.pull', 'image.pulled'],
  // Only the local supervisor may report a restart, and it is no one's change: events/process-restarts.test.ts.
  ['events.reportRestart', 'process.restarted'],
]);

// At run time tRPC keeps every procedure under its dotted path (`networks.create`).
const mutationPaths = () =>
  Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
    .filter(([, procedure]) => procedure._def.type === 'mutation')
    .map(([path]) => path)
    .sort();

describe('the audit log, through the dashboard’s API', () => {
  it('has a case for every mutation', () => {
    expect(mutationPaths()).toEqual(
      [...new Set([...trpcCases.map((step) => step.path), ...drivenElsewhere.keys()])].sort(),
    );
  });

  it('records every mutation with the user who made it', async () => {
    // A node that is down and empty: the only kind an admin may remove.
    const gone = await cluster.join('audit-gone', []);
    gone.socket.close();
    ids.downNode = await until(async () => {
      const nodes = cluster.controlPlane.services.registry.list();
      return (await nodes).find((node) => node.name === 'audit-gone' && node.status === 'down')?.id;
    }, 10_000);

    for (const step of trpcCases) {
      const before = cookie === '' ? new Set<string>() : await seen();
      const reply = await trpc(step.path, step.input(), true);
      if (reply.setCookie?.startsWith('sy_session=') && step.path === 'auth.login') cookie = reply.setCookie;
      step.keep?.(reply.data);
      // After logout the session is gone: read the log as admin again.
      if (endsSession.has(step.path)) {
        cookie =
          (await trpc('auth.login', { username: 'admin', password: testAdminPassword }, true)).setCookie ??
          '';
      }
      const event = await recordedAfter(before, step.kind, 'admin').catch(() => {
        throw new Error(`${step.path} left no ${step.kind} event by admin`);
      });
      expect(event.message, step.path).toContain('admin');
    }

    const audit = await events({ audit: true, actor: 'admin' });
    expect(new Set(audit.map((event) => event.kind))).toEqual(new Set(trpcCases.map((step) => step.kind)));
  }, 60_000);
});

interface DockerCase {
  method: Route['method'];
  path: string;
  body?: unknown;
  /** A tar body (`docker load`) instead of JSON. */
  archive?: Buffer;
  kind: EventKind;
}

/** Routes that change nothing, though they are POSTs. */
const notMutations = new Map<string, string>([
  ['POST /^\\/containers\\/([^/]+)\\/wait$/', 'waits for a container to stop'],
  ['POST /^\\/containers\\/([^/]+)\\/attach$/', 'streams the output of a container'],
  ['POST /^\\/images\\/create$/', 'refused: nothing is ever pulled'],
  ['POST /^\\/containers\\/([^/]+)\\/exec$/', 'makes an exec instance in memory; its start is recorded'],
  ['POST /^\\/exec\\/([^/]+)\\/resize$/', 'resizes a terminal'],
  ['POST /^\\/containers\\/([^/]+)\\/attach$/', 'refused: attaching is not supported'],
  ['POST /^\\/images\\/create$/', 'refused here: no host has a container runtime to pull on'],
]);

const routeKey = (route: Route) => `${route.method} /${route.pattern.source}/`;

const serviceBody = (replicas: number) => ({
  Name: 'docker-svc',
  TaskTemplate: { ContainerSpec: { Image: 'switchyard/whoami' } },
  Mode: { Replicated: { Replicas: replicas } },
});

/** Every mutating Engine API route, in an order that works, with the event it must leave. */
const dockerCases: (DockerCase & { route: string })[] = [
  {
    route: 'POST /^\\/networks\\/create$/',
    method: 'POST',
    path: '/networks/create',
    body: { Name: 'docker-net', Labels: { 'com.switchyard.node': 'audit-a' } },
    kind: 'network.created',
  },
  {
    route: 'POST /^\\/containers\\/create$/',
    method: 'POST',
    path: '/containers/create?name=docker-c',
    body: { Image: 'switchyard/toolbox', HostConfig: { NetworkMode: 'docker-net' } },
    kind: 'container.created',
  },
  {
    route: 'POST /^\\/containers\\/([^/]+)\\/start$/',
    method: 'POST',
    path: '/containers/docker-c/start',
    kind: 'container.started',
  },
  {
    route: 'POST /^\\/containers\\/([^/]+)\\/restart$/',
    method: 'POST',
    path: '/containers/docker-c/restart?t=0',
    kind: 'container.started',
  },
  {
    route: 'POST /^\\/exec\\/([^/]+)\\/start$/',
    method: 'POST',
    path: '/exec/EXEC/start',
    body: { Detach: true },
    kind: 'container.exec',
  },
  {
    route: 'POST /^\\/containers\\/([^/]+)\\/kill$/',
    method: 'POST',
    path: '/containers/docker-c/kill?signal=SIGUSR1',
    kind: 'container.killed',
  },
  {
    route: 'POST /^\\/containers\\/([^/]+)\\/stop$/',
    method: 'POST',
    path: '/containers/docker-c/stop?t=0',
    kind: 'container.stopped',
  },
  {
    route: 'POST /^\\/networks\\/([^/]+)\\/connect$/',
    method: 'POST',
    path: '/networks/bridge/connect',
    body: { Container: 'docker-c' },
    kind: 'network.connected',
  },
  {
    route: 'POST /^\\/networks\\/([^/]+)\\/disconnect$/',
    method: 'POST',
    path: '/networks/bridge/disconnect',
    body: { Container: 'docker-c' },
    kind: 'network.disconnected',
  },
  {
    route: 'POST /^\\/containers\\/([^/]+)\\/rename$/',
    method: 'POST',
    path: '/containers/docker-c/rename?name=docker-renamed',
    kind: 'container.renamed',
  },
  {
    route: 'POST /^\\/containers\\/([^/]+)\\/rename$/',
    method: 'POST',
    path: '/containers/docker-renamed/rename?name=docker-c',
    kind: 'container.renamed',
  },
  {
    route: 'DELETE /^\\/containers\\/([^/]+)$/',
    method: 'DELETE',
    path: '/containers/docker-c?force=1',
    kind: 'container.removed',
  },
  {
    route: 'DELETE /^\\/networks\\/([^/]+)$/',
    method: 'DELETE',
    path: '/networks/docker-net',
    kind: 'network.removed',
  },
  {
    route: 'POST /^\\/networks\\/prune$/',
    method: 'POST',
    path: '/networks/prune',
    kind: 'network.removed',
  },
  {
    route: 'POST /^\\/services\\/create$/',
    method: 'POST',
    path: '/services/create',
    body: serviceBody(1),
    kind: 'service.created',
  },
  {
    route: 'POST /^\\/services\\/([^/]+)\\/update$/',
    method: 'POST',
    path: '/services/docker-svc/update?version=1',
    body: serviceBody(2),
    kind: 'service.updated',
  },
  {
    route: 'DELETE /^\\/services\\/([^/]+)$/',
    method: 'DELETE',
    path: '/services/docker-svc',
    kind: 'service.removed',
  },
  {
    route: 'POST /^\\/images\\/load$/',
    method: 'POST',
    path: '/images/load?quiet=1',
    archive: dockerArchive('audit/app:1').archive,
    kind: 'image.loaded',
  },
  {
    route: 'POST /^\\/images\\/(.+)\\/tag$/',
    method: 'POST',
    path: '/images/audit%2Fapp:1/tag?repo=audit/app&tag=2',
    kind: 'image.tagged',
  },
  {
    route: 'DELETE /^\\/images\\/(.+)$/',
    method: 'DELETE',
    path: '/images/audit%2Fapp:2',
    kind: 'image.removed',
  },
  {
    route: 'POST /^\\/nodes\\/([^/]+)\\/update$/',
    method: 'POST',
    path: '/nodes/audit-a/update?version=VERSION',
    body: { Availability: 'active', Labels: { zone: 'b' }, Role: 'worker' },
    kind: 'node.updated',
  },
];

describe('the audit log, through the Docker Engine API', () => {
  it('has a case for every route that changes something', () => {
    const mutating = [
      ...systemRoutes,
      ...networkRoutes,
      ...containerRoutes,
      ...execRoutes,
      ...imageRoutes,
      ...serviceRoutes,
      ...nodeRoutes,
    ]
      .filter((route) => route.method === 'POST' || route.method === 'DELETE')
      .map(routeKey)
      .filter((key) => !notMutations.has(key))
      .sort();
    expect(mutating).toEqual([...new Set(dockerCases.map((step) => step.route))].sort());
  });

  it('records every change with where it came from', async () => {
    if (cookie === '') {
      cookie =
        (await trpc('auth.login', { username: 'admin', password: testAdminPassword }, true)).setCookie ?? '';
    }
    // Root, on the local socket.
    const actor = 'root';
    for (const step of dockerCases) {
      // Prune removes what is left unused: make sure something is.
      if (step.path === '/networks/prune') {
        await dockerEngine('/networks/create', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ Name: 'docker-prunable', Labels: { 'com.switchyard.node': 'audit-a' } }),
        });
      }
      const version = (await cluster.controlPlane.services.registry.list()).find(
        (node) => node.name === 'audit-a',
      )?.version;
      const before = await seen();
      // An exec instance to start: its creation records nothing.
      const execId = step.path.includes('EXEC')
        ? (
            (await (
              await dockerEngine('/containers/docker-c/exec', {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ Cmd: ['true'] }),
              })
            ).json()) as { Id: string }
          ).Id
        : '';
      const response = await dockerEngine(
        step.path.replace('VERSION', String(version)).replace('EXEC', execId),
        {
          method: step.method,
          ...(step.archive !== undefined
            ? { headers: { 'content-type': 'application/x-tar' }, body: new Uint8Array(step.archive) }
            : step.body === undefined
              ? {}
              : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(step.body) }),
        },
      );
      expect(response.status, `${step.method} ${step.path}: ${await response.text()}`).toBeLessThan(300);
      const event = await recordedAfter(before, step.kind, actor).catch(() => {
        throw new Error(`${step.method} ${step.path} left no ${step.kind} event by ${actor}`);
      });
      expect(event.message, step.path).toContain(actor);
    }
  }, 60_000);
});
