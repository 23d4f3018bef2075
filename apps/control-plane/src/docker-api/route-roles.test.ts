import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeInventory } from '../test-support/docker-api/fake-inventory.js';
import { startFakeEngineApi, type FakeEngineApi } from '../test-support/docker-api/fake-engine-api.js';
import { engineRoutes } from './docker-api-server.js';
import type { Route } from './router.js';

// What each Engine API route needs, and how a caller below it is refused.

const find = (method: Route['method'], path: string): Route => {
  const found = engineRoutes.find((route) => route.method === method && route.pattern.test(path));
  if (found === undefined) throw new Error(`no route ${method} ${path}`);
  return found;
};

describe('route roles', () => {
  it('lets a viewer read everything: every GET and HEAD (top, exec inspect), and container wait', () => {
    for (const route of engineRoutes.filter((r) => r.method === 'GET' || r.method === 'HEAD')) {
      expect(route.access.role, `${route.method} ${route.pattern.source}`).toBe('viewer');
    }
    expect(find('POST', '/containers/x/wait').access).toEqual({
      role: 'viewer',
      operation: 'container wait',
    });
  });

  it('asks the operator role for changes to networks, containers and services', () => {
    const changes: [Route['method'], string][] = [
      ['POST', '/networks/create'],
      ['DELETE', '/networks/x'],
      ['POST', '/networks/prune'],
      ['POST', '/networks/x/connect'],
      ['POST', '/containers/create'],
      ['POST', '/containers/x/start'],
      ['DELETE', '/containers/x'],
      ['POST', '/containers/x/exec'],
      ['POST', '/exec/x/start'],
      ['POST', '/exec/x/resize'],
      ['POST', '/containers/x/attach'],
      ['POST', '/containers/x/kill'],
      ['POST', '/containers/x/restart'],
      ['POST', '/services/create'],
      ['POST', '/services/x/update'],
      ['DELETE', '/services/x'],
      ['POST', '/images/load'],
      ['POST', '/images/create'],
      ['POST', '/images/x/tag'],
      ['DELETE', '/images/x'],
    ];
    for (const [method, path] of changes) expect(find(method, path).access.role, path).toBe('operator');
  });

  it('asks the admin role for node changes', () => {
    expect(find('POST', '/nodes/x/update').access).toEqual({ role: 'admin', operation: 'node update' });
  });

  it('names every operation', () => {
    for (const route of engineRoutes) expect(route.access.operation).toMatch(/^[a-z]+( [a-z]+)?$/);
  });
});

describe('a refusal', () => {
  let api: FakeEngineApi;
  const fake = new FakeInventory();

  beforeAll(async () => {
    api = await startFakeEngineApi(fake, { username: 'vera', role: 'viewer' });
  });

  afterAll(async () => {
    await api.stop();
  });

  it('is a Docker-shaped 403 naming the operation and the role, recorded, and changes nothing', async () => {
    const before = fake.calls.length;
    const response = await fetch(`http://127.0.0.1:${api.port}/v1.47/networks/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Name: 'x' }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      message: 'network create needs the operator role (you are viewer)',
    });
    expect(fake.calls.length).toBe(before);
    expect(api.events).toEqual([
      {
        kind: 'auth.denied',
        severity: 'warning',
        actor: 'docker-api:vera',
        subject: 'POST /networks/create',
        message: 'vera (viewer) was refused network create on the Engine API: it needs the operator role',
      },
    ]);
  });

  it('lets the same caller read', async () => {
    const response = await fetch(`http://127.0.0.1:${api.port}/v1.47/networks`);
    expect(response.status).toBe(200);
  });
});
