import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.js';
import { readLocalCredentials } from '../../local-credentials.js';
import {
  closeTestCluster,
  startTestCluster,
  testAdminPassword,
  type TestCluster,
} from '../../test-support/test-cluster.js';

// Each test runs several scrypt derivations at OWASP's parameters (~0.4 s each, more on a busy machine).
const slow = 30_000;

// Accounts a team can run (auth.ts and users.ts): changing one's password, signing out everywhere,
// roles and resets by an admin, each ending the sessions it must. The real control plane over HTTP,
// on a throwaway database.

let cluster: TestCluster;
let db: Db;
let trpcUrl: string;
let admin = '';

interface Reply {
  status: number;
  data: unknown;
  message: string | null;
  field: string | null;
  cookie: string | null;
}

async function call(
  path: string,
  input: unknown,
  auth: { cookie?: string; bearer?: string } = {},
  mutation = true,
): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.cookie !== undefined) headers.cookie = auth.cookie;
  if (auth.bearer !== undefined) headers.authorization = `Bearer ${auth.bearer}`;
  const response = mutation
    ? await fetch(`${trpcUrl}/${path}`, { method: 'POST', headers, body: JSON.stringify(input) })
    : await fetch(`${trpcUrl}/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  const body = (await response.json()) as {
    result?: { data: unknown };
    error?: { message: string; data: { field: string | null } };
  };
  return {
    status: response.status,
    data: body.result?.data,
    message: body.error?.message ?? null,
    field: body.error?.data.field ?? null,
    cookie: response.headers.get('set-cookie')?.split(';')[0] ?? null,
  };
}

async function login(username: string, password: string): Promise<string> {
  const reply = await call('auth.login', { username, password });
  expect(reply.status, reply.message ?? '').toBe(200);
  return reply.cookie ?? '';
}

const me = async (cookie: string) => call('auth.me', undefined, { cookie }, false);

async function createUser(username: string, role: string, password = `${username}-password`) {
  const reply = await call('users.create', { username, password, role }, { cookie: admin });
  expect(reply.status, reply.message ?? '').toBe(200);
  return (reply.data as { id: string }).id;
}

async function kinds(): Promise<string[]> {
  const reply = await call('events.list', { limit: 200 }, { cookie: admin }, false);
  return (reply.data as { kind: string }[]).map((event) => event.kind);
}

beforeAll(async () => {
  cluster = await startTestCluster('accounts');
  db = openDatabase(cluster.controlPlane.config.databaseUrl);
  trpcUrl = `${cluster.controlPlane.url}/trpc`;
  admin = await login('admin', testAdminPassword);
}, 60_000);

afterAll(async () => {
  await db.$disconnect();
  await closeTestCluster(cluster);
});

describe('changing one’s own password', { timeout: slow }, () => {
  it('checks the current one, keeps this session and ends every other', async () => {
    await createUser('carol', 'viewer');
    const here = await login('carol', 'carol-password');
    const elsewhere = await login('carol', 'carol-password');

    const wrong = await call(
      'auth.changePassword',
      { currentPassword: 'not-my-password', newPassword: 'a brand new password' },
      { cookie: here },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.field).toBe('currentPassword');
    expect(wrong.message).toContain('currentPassword');

    const short = await call(
      'auth.changePassword',
      { currentPassword: 'carol-password', newPassword: 'short' },
      { cookie: here },
    );
    expect(short.status).toBe(400);
    expect(short.field).toBe('newPassword');
    expect(short.message).toContain('at least 12 characters');
    expect((await me(elsewhere)).status).toBe(200);

    const changed = await call(
      'auth.changePassword',
      { currentPassword: 'carol-password', newPassword: 'a brand new password' },
      { cookie: here },
    );
    expect(changed.status, changed.message ?? '').toBe(200);
    expect(changed.data).toEqual({ endedSessions: 1 });
    expect((await me(here)).status).toBe(200);
    expect((await me(elsewhere)).status).toBe(401);
    expect((await call('auth.login', { username: 'carol', password: 'carol-password' })).status).toBe(401);
    await login('carol', 'a brand new password');
    expect(await kinds()).toContain('user.password.changed');
  });

  it('is not for the local CLI’s token, which has no password', async () => {
    const cliToken = readLocalCredentials(cluster.dataDir)?.cliToken ?? '';
    const reply = await call(
      'auth.changePassword',
      { currentPassword: 'anything', newPassword: 'a brand new password' },
      { bearer: cliToken },
    );
    expect(reply.status).toBe(400);
  });
});

describe('signing out everywhere', { timeout: slow }, () => {
  it('ends every session of the caller, this one included, and clears the cookie', async () => {
    await createUser('dave', 'operator');
    const here = await login('dave', 'dave-password');
    const elsewhere = await login('dave', 'dave-password');
    const reply = await call('auth.signOutEverywhere', undefined, { cookie: here });
    expect(reply.status).toBe(200);
    expect(reply.data).toEqual({ endedSessions: 2 });
    expect(reply.cookie).toBe('sy_session=');
    expect((await me(here)).status).toBe(401);
    expect((await me(elsewhere)).status).toBe(401);
    expect((await me(admin)).status).toBe(200);
    expect(await kinds()).toContain('auth.logout.everywhere');
  });
});

describe('users, by an admin', { timeout: slow }, () => {
  it('changes a role, ending that user’s sessions; the next session has the new role', async () => {
    const id = await createUser('erin', 'viewer');
    const before = await login('erin', 'erin-password');
    const bad = await call('users.setRole', { id, role: 'root' }, { cookie: admin });
    expect(bad.status).toBe(400);
    expect(bad.field).toBe('role');

    const reply = await call('users.setRole', { id, role: 'operator' }, { cookie: admin });
    expect(reply.status, reply.message ?? '').toBe(200);
    expect((await me(before)).status).toBe(401);
    expect((await me(await login('erin', 'erin-password'))).data).toEqual({
      username: 'erin',
      role: 'operator',
    });
    expect(await kinds()).toContain('user.role.changed');
  });

  it('reads the role from the database on every request', async () => {
    await createUser('fred', 'viewer');
    const session = await login('fred', 'fred-password');
    await db.user.update({ where: { username: 'fred' }, data: { role: 'operator' } });
    expect((await me(session)).data).toEqual({ username: 'fred', role: 'operator' });
  });

  it('refuses changing one’s own role, and demoting the last admin', async () => {
    const adminId = (await db.user.findUniqueOrThrow({ where: { username: 'admin' } })).id;
    const own = await call('users.setRole', { id: adminId, role: 'viewer' }, { cookie: admin });
    expect(own.status).toBe(409);
    expect(own.field).toBe('role');
    expect(own.message).toContain('your own role');

    // The local CLI is an admin without an account: only it could demote the last one.
    const cliToken = readLocalCredentials(cluster.dataDir)?.cliToken ?? '';
    const last = await call('users.setRole', { id: adminId, role: 'operator' }, { bearer: cliToken });
    expect(last.status).toBe(409);
    expect(last.message).toContain('last admin');
    expect((await me(admin)).data).toMatchObject({ role: 'admin' });
  });

  it('resets a password, ending that user’s sessions', async () => {
    const id = await createUser('gina', 'viewer');
    const session = await login('gina', 'gina-password');
    const short = await call('users.resetPassword', { id, password: 'short' }, { cookie: admin });
    expect(short.status).toBe(400);
    expect(short.field).toBe('password');

    const reply = await call(
      'users.resetPassword',
      { id, password: 'reset by the admin' },
      { cookie: admin },
    );
    expect(reply.status, reply.message ?? '').toBe(200);
    expect((await me(session)).status).toBe(401);
    await login('gina', 'reset by the admin');
    expect(await kinds()).toContain('user.password.reset');
  });

  it('removes a user with their sessions, and refuses a name that is taken', async () => {
    const id = await createUser('hugo', 'operator');
    const session = await login('hugo', 'hugo-password');
    const taken = await call(
      'users.create',
      { username: 'hugo', password: 'another-password', role: 'viewer' },
      { cookie: admin },
    );
    expect(taken.status).toBe(409);
    expect(taken.field).toBe('username');

    expect((await call('users.remove', { id }, { cookie: admin })).status).toBe(200);
    expect((await me(session)).status).toBe(401);
    expect(await db.session.count({ where: { userId: id } })).toBe(0);
    const gone = await call('users.remove', { id }, { cookie: admin });
    expect(gone.status).toBe(404);
    expect(gone.field).toBe('id');
  });

  it('is for admins only', async () => {
    await createUser('ivan', 'operator');
    const operator = await login('ivan', 'ivan-password');
    expect((await call('users.list', undefined, { cookie: operator }, false)).status).toBe(403);
    const id = (await db.user.findUniqueOrThrow({ where: { username: 'ivan' } })).id;
    expect((await call('users.setRole', { id, role: 'admin' }, { cookie: operator })).status).toBe(403);
  });
});
