import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DesiredMesh, DesiredRoute } from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../osl/exec.js';
import { netnsExec } from '../osl/ip.js';
import { backend, route } from '../test-support/hrm/golden-meshes.js';
import { killStale } from './haproxy-master.js';
import type { MeshProxy } from './mesh-proxy.js';
import { ask, hammer, MeshLab } from '../test-support/hrm/mesh-lab.js';
import { createHaproxyMesh, notInstalled } from './proxy-process.js';

const lab = new MeshLab(`syhrm${process.pid}`);
const whoami = new URL('../workloads/whoami.mjs', import.meta.url).pathname;
const httpPort = 8080;
const sniPort = 8443;
const { b1, b2 } = lab.backendAddresses;
const task = (name: string, address: string, port = 8080) => backend(name, address, port);
const proxies: MeshProxy[] = [];
const logs: string[] = [];
let stateDir = '';

function mesh(extra: DesiredRoute[] = []): DesiredMesh {
  return {
    httpPort,
    sniPort,
    links: [],
    routes: [
      route('app', 'app.example.com', {
        serviceName: 'app',
        backends: [task('task-1', b1), task('task-2', b2)],
      }),
      route('wild', '*.wild.example.com', { serviceName: 'wild', backends: [task('task-1', b1)] }),
      route('sticky', 'sticky.example.com', {
        serviceName: 'sticky',
        backends: [task('task-1', b1), task('task-2', b2)],
        stickyCookie: 'SYSTICKY',
      }),
      route('old', 'old.example.com', { redirect: 'https://new.example.org/base/' }),
      route('idle', 'idle.example.com', { serviceName: 'idle' }),
      route('down', 'down.example.com', { serviceName: 'doomed', backends: [task('doomed-1', b1, 8081)] }),
      route('tls', 'tls.example.com', { protocol: 'sni', backends: [task('tls-1', b2, 8443)] }),
      ...extra,
    ],
  };
}

function manager(dir: string, options: { binary?: string } = {}): MeshProxy {
  const proxy = createHaproxyMesh({
    stateDir: dir,
    netns: lab.ns('p'),
    log: (line) => logs.push(line),
    ...options,
  });
  proxies.push(proxy);
  return proxy;
}

const hostname = (body: string) => /^Hostname: (.*)$/m.exec(body)?.[1];
const tls = (name: string) =>
  netnsExec(lab.ns('c'), 'curl', [
    '-sk',
    '--max-time',
    '5',
    '--resolve',
    `${name}:${sniPort}:${lab.proxyAddress}`,
    `https://${name}:${sniPort}/`,
  ]).then(
    (result) => result.stdout,
    (error: unknown) => `failed: ${String(error)}`,
  );

beforeAll(async () => {
  await lab.up();
  stateDir = await mkdtemp(path.join(tmpdir(), 'syhrm-'));
  lab.run('b1', process.execPath, [whoami], { PORT: '8080', SWITCHYARD_CONTAINER_NAME: 'task-1' });
  lab.run('b2', process.execPath, [whoami], { PORT: '8080', SWITCHYARD_CONTAINER_NAME: 'task-2' });
  lab.run('b1', process.execPath, [whoami], { PORT: '8081', SWITCHYARD_CONTAINER_NAME: 'doomed-1' });
  // TLS passthrough: only the backend holds a key.
  const key = path.join(stateDir, 'tls.key');
  const cert = path.join(stateDir, 'tls.crt');
  await exec('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=tls.example.com'],
    ...['-keyout', key, '-out', cert],
  ]);
  const server = `require('https').createServer({key:require('fs').readFileSync('${key}'),cert:require('fs').readFileSync('${cert}')},(q,s)=>s.end('tls backend')).listen(8443)`;
  lab.run('b2', process.execPath, ['-e', server]);
  await Promise.all([lab.listening('b1', 8080), lab.listening('b2', 8080), lab.listening('b1', 8081)]);
  await lab.listening('b2', 8443);
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(proxies.map((proxy) => proxy.stopAll()));
  await lab.down();
  if (stateDir !== '') await rm(stateDir, { recursive: true, force: true });
  expect(await lab.namespaces()).toEqual([]);
});

describe('the routing mesh proxy', () => {
  it('routes by Host, ignoring case and port, with wildcards, and names an unknown host', async () => {
    await manager(stateDir).sync(mesh());
    const [exact, wildcard, unknown] = await ask(lab, httpPort, [
      { host: 'APP.Example.COM:8080' },
      { host: 'a.b.Wild.example.com' },
      { host: 'nope.example.net' },
    ]);
    expect(exact?.status).toBe(200);
    expect(hostname(exact?.body ?? '')).toMatch(/^task-[12]$/);
    // HAProxy sends header names in lower case.
    expect(exact?.body).toContain(`x-forwarded-for: ${lab.clientAddress}`);
    expect(exact?.body).toContain('x-forwarded-proto: http');
    expect(exact?.body).toContain('x-forwarded-host: APP.Example.COM:8080');
    expect(hostname(wildcard?.body ?? '')).toBe('task-1');
    expect(unknown?.status).toBe(503);
    expect(unknown?.body).toContain('No route exists for the host <b>nope.example.net</b>');
  });

  it('never forwards the dashboard’s session cookie to a workload, keeping the other cookies', async () => {
    // The mesh the first test synced.
    const [mixed, only] = await ask(lab, httpPort, [
      {
        host: 'app.example.com',
        headers: { cookie: 'a=1; sy_session=secret-1; __Host-sy_session=secret-2; b=2' },
      },
      { host: 'app.example.com', headers: { cookie: 'sy_session=secret-3' } },
    ]);
    expect(mixed?.status).toBe(200);
    expect(mixed?.body).toMatch(/^cookie: a=1; b=2\r?$/im);
    expect(mixed?.body).not.toContain('secret');
    expect(only?.status).toBe(200);
    expect(only?.body).not.toMatch(/^cookie:|secret/im);
  });

  it('balances, keeps a client with the sticky cookie, redirects and answers for a service without tasks', async () => {
    const spread = await ask(
      lab,
      httpPort,
      Array.from({ length: 4 }, () => ({ host: 'app.example.com' })),
    );
    expect(new Set(spread.map((answer) => hostname(answer.body)))).toEqual(new Set(['task-1', 'task-2']));

    const [first] = await ask(lab, httpPort, [{ host: 'sticky.example.com' }]);
    const cookie = String(first?.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^SYSTICKY=task-[12]$/);
    const again = await ask(
      lab,
      httpPort,
      Array.from({ length: 6 }, () => ({ host: 'sticky.example.com', headers: { cookie } })),
    );
    expect(again.map((answer) => hostname(answer.body))).toEqual(Array(6).fill(cookie.split('=')[1]));

    const [moved, idle] = await ask(lab, httpPort, [
      { host: 'old.example.com', path: '/a/b?c=1' },
      { host: 'idle.example.com' },
    ]);
    expect(moved?.status).toBe(302);
    expect(moved?.headers.location).toBe('https://new.example.org/base/a/b?c=1');
    expect(idle?.status).toBe(503);
    expect(idle?.body).toContain('The service <b>idle</b> has no healthy task');
  });

  it('passes TLS through by SNI and refuses an unknown name', async () => {
    expect(await tls('tls.example.com')).toBe('tls backend');
    expect(await tls('other.example.com')).toMatch(/^failed/);
  });

  it('reloads five times during a request loop without failing one, and its counters survive', async () => {
    const proxy = proxies[0];
    if (proxy === undefined) throw new Error('no proxy');
    const before = (await proxy.counters())?.find((counters) => counters.routeId === 'app');
    expect(before?.requests).toBeGreaterThanOrEqual(5);
    const pidFile = path.join(stateDir, 'hrm', 'haproxy.pid');
    const master = await readFile(pidFile, 'utf8');
    const loop = hammer(lab, httpPort, { host: 'app.example.com' }, 3_000, 4);
    for (let i = 1; i <= 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await proxy.sync(
        mesh([route(`extra${i}`, `extra${i}.example.com`, { backends: [task('task-2', b2)] })]),
      );
    }
    const statuses = await loop;
    expect(Object.keys(statuses)).toEqual(['200']);
    expect(statuses['200']).toBeGreaterThan(50);
    expect(await readFile(pidFile, 'utf8')).toBe(master);
    // The master stays root; its worker, started anew by every reload, runs as haproxy.
    expect((await exec('ps', ['-o', 'user=', '-p', master.trim()])).stdout.trim()).toBe('root');
    const workers = (await exec('ps', ['-o', 'pid=,user=', '--ppid', master.trim()])).stdout
      .trim()
      .split('\n');
    expect(workers.length).toBeGreaterThan(0);
    for (const worker of workers) expect(worker.trim().split(/\s+/)[1]).toBe('haproxy');
    const after = (await proxy.counters())?.find((counters) => counters.routeId === 'app');
    // What an old worker answers between the last read and its end is lost with it: a few per reload.
    const answered = (before?.requests ?? 0) + (statuses['200'] ?? 0);
    expect(after?.requests).toBeLessThanOrEqual(answered);
    expect(after?.requests).toBeGreaterThan(answered * 0.9);
    expect(after?.status['2xx']).toBe(after?.requests);
    expect(after?.avgResponseMs).toEqual(expect.any(Number));
    const log = await readFile(path.join(stateDir, 'hrm', 'access.log'), 'utf8');
    expect(log).toMatch(/ route_app\/task-[12] .* 200 /);
  }, 30_000);

  it('answers 502 with a page once the only task is down', async () => {
    const [up] = await ask(lab, httpPort, [{ host: 'down.example.com' }]);
    expect(hostname(up?.body ?? '')).toBe('doomed-1');
    const { stdout } = await netnsExec(lab.ns('b1'), 'ss', ['-Hltnp', 'sport = :8081']);
    const pid = Number(/pid=(\d+)/.exec(stdout)?.[1]);
    process.kill(pid, 'SIGKILL');
    const [down] = await ask(lab, httpPort, [{ host: 'down.example.com' }]);
    expect(down?.status).toBe(502);
    expect(down?.body).toContain('No task of the service could be reached');
  });

  it('never applies a config HAProxy refuses, and says why it cannot start', async () => {
    const proxy = proxies[0];
    const broken = mesh([route('bad', 'bad.example.com', { backends: [task('bad-1', b1, 70_000)] })]);
    await expect(proxy?.sync(broken)).rejects.toThrow(
      /invalid haproxy configuration: .*invalid port '70000'/,
    );
    const [still] = await ask(lab, httpPort, [{ host: 'app.example.com' }]);
    expect(still?.status).toBe(200);

    const taken = manager(await mkdtemp(path.join(stateDir, 'taken-')));
    await expect(taken.sync(mesh())).rejects.toThrow(/cannot bind socket \(Address already in use\)/);
    const missing = manager(await mkdtemp(path.join(stateDir, 'missing-')), {
      binary: '/nonexistent/haproxy',
    });
    await expect(missing.sync(mesh())).rejects.toThrow(notInstalled);
  });

  it('starts HAProxy again when it dies, leaves it serving when the agent goes, and the next agent adopts it', async () => {
    const pidFile = path.join(stateDir, 'hrm', 'haproxy.pid');
    process.kill(Number(await readFile(pidFile, 'utf8')), 'SIGKILL');
    let answer = '';
    for (let tries = 0; tries < 50 && answer !== '200'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      answer = String((await ask(lab, httpPort, [{ host: 'app.example.com' }]))[0]?.status);
    }
    expect(answer).toBe('200');
    expect(logs.join('\n')).toMatch(/haproxy exited \(SIGKILL\); starting it again/);

    // The agent leaves: HAProxy serves on, and the next agent's manager adopts it as it is.
    const serving = Number(await readFile(pidFile, 'utf8'));
    await proxies[0]?.close();
    expect((await ask(lab, httpPort, [{ host: 'app.example.com' }]))[0]?.status).toBe(200);
    const next = manager(stateDir);
    await next.sync(mesh());
    expect(logs).toContain(`adopted the haproxy a previous agent left serving (pid ${serving})`);
    expect(Number(await readFile(pidFile, 'utf8'))).toBe(serving);
    // A changed mesh reloads the adopted master: same pid, the new route served.
    await next.sync(mesh([route('later', 'later.example.com', { backends: [task('task-2', b2)] })]));
    expect(Number(await readFile(pidFile, 'utf8'))).toBe(serving);
    const [later] = await ask(lab, httpPort, [{ host: 'later.example.com' }]);
    expect(hostname(later?.body ?? '')).toBe('task-2');
    // Its exit is noticed though it is no child of this process.
    process.kill(serving, 'SIGKILL');
    for (let tries = 0; tries < 50 && !logs.some((line) => line.startsWith('haproxy exited;')); tries++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(logs.join('\n')).toMatch(/^haproxy exited; starting it again in /m);
    answer = '';
    for (let tries = 0; tries < 50 && answer !== '200'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      answer = String((await ask(lab, httpPort, [{ host: 'later.example.com' }]))[0]?.status);
    }
    expect(answer).toBe('200');
    expect(await killStale(pidFile, '/not/this/config', 0)).toBe(false);
  }, 30_000);
});
