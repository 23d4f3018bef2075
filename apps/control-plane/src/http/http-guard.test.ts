import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeTestCluster,
  startTestCluster,
  testAdminPassword,
  type TestCluster,
} from '../test-support/test-cluster.js';
import { internalErrorMessage, publicProcedure, router } from '../trpc/trpc.js';
import type { Context } from '../trpc/context.js';
import { webProxySecretHeader } from './request-origin.js';

// The real control plane over HTTP: what a hostile page, a form post or a password guesser gets.

const proxySecret = 'test-web-proxy-secret-0123456789';
let cluster: TestCluster;
let adminCookie: string;

async function post(
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; cookie: string | null }> {
  const response = await fetch(`${cluster.controlPlane.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    json: await response.json(),
    cookie: response.headers.get('set-cookie')?.split(';')[0] ?? null,
  };
}

/** The join tokens' purposes: the store a token-issuing mutation would change. */
async function tokenPurposes(): Promise<string[]> {
  const response = await fetch(`${cluster.controlPlane.url}/trpc/tokens.list`, {
    headers: { cookie: adminCookie },
  });
  const body = (await response.json()) as { result: { data: { purpose: string }[] } };
  return body.result.data.map((token) => token.purpose).sort();
}

async function eventMessages(): Promise<string[]> {
  const input = encodeURIComponent(JSON.stringify({ limit: 200 }));
  const response = await fetch(`${cluster.controlPlane.url}/trpc/events.list?input=${input}`, {
    headers: { cookie: adminCookie },
  });
  const body = (await response.json()) as { result: { data: { message: string }[] } };
  return body.result.data.map((event) => event.message);
}

const credentials = (password: string) => JSON.stringify({ username: 'admin', password });

beforeAll(async () => {
  cluster = await startTestCluster('http-guard', { webProxySecret: proxySecret, webPort: 3000 });
  const login = await post('auth.login', credentials(testAdminPassword));
  adminCookie = login.cookie ?? '';
}, 60_000);

afterAll(async () => {
  await closeTestCluster(cluster);
});

describe('mutations over HTTP', () => {
  it('refuses another origin with 403, records it and changes nothing', async () => {
    const before = await tokenPurposes();
    const reply = await post('tokens.create', JSON.stringify({ purpose: 'csrf-net' }), {
      cookie: adminCookie,
      origin: 'http://evil.example',
    });
    expect(reply.status).toBe(403);
    expect(JSON.stringify(reply.json)).toContain('another origin (http://evil.example)');
    expect(await tokenPurposes()).toEqual(before);
    expect(await eventMessages()).toContainEqual(
      expect.stringContaining('refused: a request from another origin'),
    );
  });

  it('refuses a cross-site fetch and another port of the same host, allows the dashboard', async () => {
    const crossSite = await post('tokens.create', JSON.stringify({ purpose: 'csrf-net' }), {
      cookie: adminCookie,
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
    const meshPort = await post('tokens.create', JSON.stringify({ purpose: 'csrf-net' }), {
      cookie: adminCookie,
      origin: 'http://127.0.0.1:80',
    });
    expect(meshPort.status).toBe(403);
    expect(await tokenPurposes()).not.toContain('csrf-net');
    const dashboard = await post('tokens.create', JSON.stringify({ purpose: 'dash-net' }), {
      cookie: adminCookie,
      origin: 'http://127.0.0.1:3000',
      'sec-fetch-site': 'same-site',
    });
    expect(dashboard.status).toBe(200);
    expect(await tokenPurposes()).toContain('dash-net');
  });

  it.each(['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', ''])(
    'takes only JSON bodies, not %s',
    async (contentType) => {
      const before = await tokenPurposes();
      const reply = await post('tokens.create', JSON.stringify({ purpose: 'form-net' }), {
        cookie: adminCookie,
        'content-type': contentType,
      });
      expect(reply.status).toBe(415);
      expect(JSON.stringify(reply.json)).toContain('content-type must be application/json');
      expect(await tokenPurposes()).toEqual(before);
    },
  );

  it('answers a bad % escape in the procedure with a 4xx, not a 500', async () => {
    const reply = await post('auth.login%E0%A4%A', credentials('x'));
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
  });

  it('answers a body over 1 MiB with 413', async () => {
    const reply = await post('tokens.create', JSON.stringify({ purpose: 'x'.repeat(2 * 1024 * 1024) }), {
      cookie: adminCookie,
    });
    expect(reply.status).toBe(413);
    expect(JSON.stringify(reply.json)).toContain('larger than');
  });
});

// Every login is a scrypt derivation at OWASP's parameters (~0.4 s, more on a busy machine).
describe('the login throttle', { timeout: 30_000 }, () => {
  it('counts a batch of logins before any runs, by the peer address, ignoring a forged X-Forwarded-For', async () => {
    const batch = Array.from({ length: 11 }, () => 'auth.login').join(',');
    const inputs = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [String(i), { username: 'admin', password: `guess-${i}` }]),
    );
    const refused = await post(`${batch}?batch=1`, JSON.stringify(inputs), {
      'x-forwarded-for': '203.0.113.9',
    });
    expect(refused.status).toBe(429);
    expect(refused.json).toHaveLength(11);
    expect((await eventMessages()).filter((m) => m.includes('failed login'))).toHaveLength(0);

    // Ten guesses from "ten addresses" are one peer without the dashboard's secret.
    for (let i = 0; i < 10; i++) {
      const reply = await post('auth.login', credentials(`guess-${i}`), {
        'x-forwarded-for': `198.51.100.${i}`,
      });
      expect(reply.status).toBe(401);
    }
    const limited = await post('auth.login', credentials('guess-last'), {
      'x-forwarded-for': '198.51.100.77',
    });
    expect(limited.status).toBe(429);
    expect(JSON.stringify(limited.json)).toContain('too many login attempts from 127.0.0.1');
  });

  it('believes X-Forwarded-For only from the dashboard server with its secret', async () => {
    const viaDashboard = await post('auth.login', credentials(testAdminPassword), {
      'x-forwarded-for': '192.0.2.44',
      [webProxySecretHeader]: proxySecret,
    });
    expect(viaDashboard.status).toBe(200);
    const wrongSecret = await post('auth.login', credentials(testAdminPassword), {
      'x-forwarded-for': '192.0.2.45',
      [webProxySecretHeader]: 'not-the-secret-at-all-000000',
    });
    expect(wrongSecret.status).toBe(429);
    expect((await eventMessages()).some((m) => m.includes('logged in from 192.0.2.44'))).toBe(true);
  });

  it('counts a password change as a guess too, since it checks the current password', async () => {
    const batch = Array.from({ length: 11 }, () => 'auth.changePassword').join(',');
    const inputs = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [
        String(i),
        { currentPassword: `guess-${i}`, newPassword: 'a new password, never set' },
      ]),
    );
    const refused = await post(`${batch}?batch=1`, JSON.stringify(inputs), {
      cookie: adminCookie,
      'x-forwarded-for': '192.0.2.60',
      [webProxySecretHeader]: proxySecret,
    });
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.json)).toContain('too many login attempts from 192.0.2.60');
  });
});

describe('the data directory', () => {
  it('is the owner’s alone: 0700, the database 0600', () => {
    expect(statSync(cluster.dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(cluster.dataDir, 'switchyard.db')).mode & 0o777).toBe(0o600);
  });
});

describe('errors', () => {
  it('send no stack and no internal message to the caller', async () => {
    const testRouter = router({
      boom: publicProcedure.query(() => {
        throw new Error('SQLITE_CORRUPT at /var/lib/secret/path');
      }),
    });
    const handler = createHTTPHandler({
      router: testRouter,
      createContext: () => ({}) as Context,
      basePath: '/trpc/',
    });
    const server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/trpc/boom`);
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(text).not.toContain('stack');
      expect(text).not.toContain('SQLITE_CORRUPT');
      expect(text).toContain(internalErrorMessage);
    } finally {
      server.close();
    }
  });
});

describe('mutations through the dashboard’s server', () => {
  const viaDashboard = (headers: Record<string, string>) => ({
    cookie: adminCookie,
    [webProxySecretHeader]: proxySecret,
    'x-forwarded-host': 'dash.example:3000',
    ...headers,
  });

  it('must come from a page of the host the browser asked for, and are recorded when not', async () => {
    const before = await tokenPurposes();
    const foreign = await post('tokens.create', JSON.stringify({ purpose: 'via-evil' }), {
      ...viaDashboard({ origin: 'http://evil.example' }),
    });
    expect(foreign.status).toBe(403);
    const sameSite = await post('tokens.create', JSON.stringify({ purpose: 'via-sibling' }), {
      ...viaDashboard({ origin: 'http://dash.example:80', 'sec-fetch-site': 'same-site' }),
    });
    expect(sameSite.status).toBe(403);
    expect(await tokenPurposes()).toEqual(before);
    expect(await eventMessages()).toContainEqual(expect.stringContaining('(http://evil.example)'));
    const own = await post('tokens.create', JSON.stringify({ purpose: 'via-dashboard' }), {
      ...viaDashboard({ origin: 'http://dash.example:3000', 'sec-fetch-site': 'same-origin' }),
    });
    expect(own.status).toBe(200);
  });
});
