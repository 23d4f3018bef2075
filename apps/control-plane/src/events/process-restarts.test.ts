import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/client.js';
import { readLocalCredentials } from '../local-credentials.js';
import {
  closeTestCluster,
  startTestCluster,
  testAdminPassword,
  type TestCluster,
} from '../test-support/test-cluster.js';

// `switchyard start` reports each process it restarted; the event is the operator's record of it.

let cluster: TestCluster;
let cliToken: string;
let db: Db;

beforeAll(async () => {
  cluster = await startTestCluster('restarts');
  cliToken = readLocalCredentials(cluster.dataDir)?.cliToken ?? '';
  db = openDatabase(cluster.controlPlane.config.databaseUrl);
}, 60_000);

afterAll(async () => {
  await db.$disconnect();
  await closeTestCluster(cluster);
});

function report(input: unknown, headers: Record<string, string>) {
  return fetch(`${cluster.controlPlane.url}/trpc/events.reportRestart`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
}

const asCli = () => ({ authorization: `Bearer ${cliToken}` });
const killedAgent = {
  process: 'agent',
  host: 'sy-host2',
  exit: { code: null, signal: 'SIGKILL' },
  previousPid: 4100,
  pid: 4200,
  downMs: 350,
};

function restartEvents() {
  return db.event.findMany({ where: { kind: 'process.restarted' }, orderBy: { at: 'asc' } });
}

describe('events.reportRestart', () => {
  it('records the local supervisor’s report as a warning from the system', async () => {
    const response = await report(killedAgent, asCli());
    expect(response.status).toBe(200);
    const [event] = await restartEvents();
    expect(event).toMatchObject({
      kind: 'process.restarted',
      severity: 'warning',
      actor: 'system',
      subject: 'sy-host2',
      message:
        'agent of sy-host2 restarted after it was killed (signal SIGKILL): pid 4100 is now pid 4200, started again 0.3 s after it died',
    });
  });

  it('refuses bad input with a 400 naming the field, and records nothing', async () => {
    const before = (await restartEvents()).length;
    const response = await report({ ...killedAgent, host: undefined }, asCli());
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('host');
    expect((await restartEvents()).length).toBe(before);
  });

  it('refuses anyone but the local CLI, even an admin signed in to the dashboard', async () => {
    const login = await fetch(`${cluster.controlPlane.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const before = (await restartEvents()).length;
    expect((await report(killedAgent, { cookie })).status).toBe(403);
    expect((await report(killedAgent, {})).status).toBe(401);
    expect((await restartEvents()).length).toBe(before);
  });
});
