import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labStatus, labUp, restartLabAgent } from '@switchyard/cli';
import { startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { dockerCli, eventually, ok } from './test-support/cluster.js';
import { answeredBy, getByHost, requestLoop } from './test-support/hrm.js';

// Issue 16 item 2 on a real 2-host lab: `kill -9` of the agent of a container's host, then a new
// agent, and the container never notices: same process, its connections and published port serve
// on, its log goes on, and the new agent adopts what is there instead of rebuilding it.

const prefix = `sylr${process.pid % 1000}`;
const subnet = '192.168.117.0/24';
const publishedPort = 18117;
const host1 = `${prefix}-host1`;
const host2 = `${prefix}-host2`;
let dataDir: string;
let controlPlane: RunningControlPlane;
let dockerHost: string;
let connection: ChildProcess | undefined;

const docker = dockerCli(() => dockerHost);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function leftovers(): string[] {
  const namespaces = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
  const processes = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return [...namespaces.split('\n'), ...links.split('\n'), ...processes.split('\n')].filter((line) =>
    line.includes(`${prefix}-`),
  );
}

function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Running: there, and not a zombie (one whose parent died waits for init to reap it, which can take a while). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/**
 * One TCP connection from inside the toolbox's namespace to the whoami, kept busy: an HTTP/1.1
 * request on it every 100 ms (keep-alive), each answer counted. Prints `answers <n> <local port>`
 * per answer and `closed` if the connection ends.
 */
const keepAliveClient = `
const net = require('node:net');
const socket = net.connect(80, process.argv[1]);
let answers = 0;
let text = '';
socket.on('connect', () => {
  setInterval(() => socket.write('GET / HTTP/1.1\\r\\nHost: web\\r\\n\\r\\n'), 100);
});
socket.on('data', (chunk) => {
  text += chunk.toString();
  for (let at = text.indexOf('Hostname:'); at >= 0; at = text.indexOf('Hostname:')) {
    text = text.slice(at + 9);
    answers += 1;
    console.log('answers ' + answers + ' ' + socket.localPort);
  }
});
socket.on('error', (error) => console.log('error ' + error.message));
socket.on('close', () => { console.log('closed'); process.exit(0); });
`;

/** Requests to the published port, each on a new connection, until stopped: what a client outside sees. */
function httpLoop(address: string) {
  const result = { served: 0, failed: 0, errors: [] as string[] };
  let running = true;
  const once = () =>
    new Promise<void>((resolve) => {
      const request = http.get(
        { host: address, port: publishedPort, path: '/', agent: false, timeout: 2_000 },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode === 200) result.served += 1;
            else {
              result.failed += 1;
              result.errors.push(`status ${response.statusCode}`);
            }
            resolve();
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timed out')));
      request.on('error', (error) => {
        result.failed += 1;
        result.errors.push(error.message);
        resolve();
      });
    });
  const done = (async () => {
    while (running) {
      await once();
      await sleep(50);
    }
  })();
  return {
    result,
    stop: async () => {
      running = false;
      await done;
      return result;
    },
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-live-restore-'));
  controlPlane = await startControlPlane({ dataDir, port: 0, dockerTlsListen: 'off' });
  dockerHost = controlPlane.dockerHost ?? '';
  await labUp({ prefix, hosts: 2, subnet, dataDir, quiet: true });
}, 120_000);

afterAll(async () => {
  connection?.kill();
  const errors: unknown[] = [];
  const step = async (action: () => Promise<unknown>) => {
    await action().catch((error: unknown) => errors.push(error));
  };
  if (controlPlane !== undefined) {
    await step(() => docker('service', 'rm', 'mesh'));
    await step(() => docker('rm', '-f', 'web', 'tool'));
    await step(() => docker('network', 'rm', 'lrnet'));
  }
  await step(() => labDown({ prefix, dataDir }));
  if (controlPlane !== undefined) await step(() => controlPlane.close());
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  if (errors.length > 0) throw errors[0];
}, 120_000);

describe('an agent killed and started again on a 2-host lab (live restore)', () => {
  let webPid = 0;

  it('keeps the container, its connections, published port and log through kill -9 of its agent', async () => {
    await ok(docker('network', 'create', '-d', 'overlay', '--attachable', 'lrnet'));
    await ok(
      docker(
        ...['run', '-d', '--name', 'web', '--network', 'lrnet', '--label', `com.switchyard.node=${host1}`],
        ...['-p', `${publishedPort}:80`, 'switchyard/whoami'],
      ),
    );
    await ok(
      docker(
        ...['run', '-d', '--name', 'tool', '--network', 'lrnet', '--label', `com.switchyard.node=${host2}`],
        'switchyard/toolbox',
      ),
    );
    // A service behind the routing mesh: host1's HAProxy must serve it through the restart too.
    // Its task runs on host1 too: the control plane's grace for a node whose agent went away keeps
    // it there, and the new agent adopts it.
    await ok(
      docker(
        ...[
          'service',
          'create',
          '--name',
          'mesh',
          '--network',
          'hrm',
          '--constraint',
          `node.hostname==${host1}`,
        ],
        ...['--label', 'com.docker.ucp.mesh.http=80=http://lr.example.com', 'switchyard/whoami'],
      ),
    );
    const containers = controlPlane.services.containers;
    const web = await eventually('web to run', async () => {
      const view = await containers.get('web');
      return view.status === 'running' && view.pid !== null ? view : undefined;
    });
    const tool = await eventually('tool to run', async () => {
      const view = await containers.get('tool');
      return view.status === 'running' && view.netns !== null ? view : undefined;
    });
    expect(web.nodeName).toBe(host1);
    webPid = web.pid ?? 0;
    const webStart = startTimeOf(webPid);
    const webAddress = await ok(
      docker('inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', 'web'),
    );
    const status = await labStatus({ prefix, dataDir });
    const h1 = status.hosts.find((host) => host.name === host1);
    if (h1?.agentPid == null) throw new Error(`${host1} has no agent pid`);

    // The long-lived connection from the toolbox, and the loop through the published port.
    const lines: string[] = [];
    connection = spawn('ip', [
      'netns',
      'exec',
      tool.netns ?? '',
      process.execPath,
      '-e',
      keepAliveClient,
      webAddress,
    ]);
    connection.stdout?.setEncoding('utf8');
    connection.stdout?.on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
    const answers = () => {
      const last = lines
        .filter((line) => line.startsWith('answers '))
        .at(-1)
        ?.split(' ');
      return { count: Number(last?.[1] ?? 0), port: last?.[2] };
    };
    await eventually(
      'the connection to answer',
      async () => (answers().count >= 5 ? true : undefined),
      15_000,
    );
    await eventually(
      'the mesh route to serve on host1',
      async () =>
        answeredBy((await getByHost(h1.underlayAddress, 'lr.example.com')).body) ? true : undefined,
      60_000,
    );
    const haproxyPidFile = join(dataDir, 'lab', prefix, host1, 'hrm', 'haproxy.pid');
    const haproxyPid = Number(readFileSync(haproxyPidFile, 'utf8').trim());
    const haproxyStart = startTimeOf(haproxyPid);
    const meshLoop = requestLoop([h1.underlayAddress], 'lr.example.com', 2);
    const loop = httpLoop(h1.underlayAddress);
    await eventually('the published port to serve', async () => (loop.result.served >= 5 ? true : undefined));
    // Its links, by interface index: a link recreated would have a new one.
    const linksOf = () =>
      execFileSync('ip', ['-n', web.netns ?? '', '-o', 'link', 'show'], { encoding: 'utf8' })
        .split('\n')
        .map((line) => line.split(':').slice(0, 2).join(':'))
        .filter(Boolean);
    const linksBefore = linksOf();
    const recordsDir = join(dataDir, 'lab', prefix, host1, 'workloads');
    console.log(
      `records before the kill: ${execFileSync('sh', ['-c', `cat ${recordsDir}/*.json`], { encoding: 'utf8' })}`,
    );
    const logBefore = await ok(docker('logs', 'web'));
    const linesBefore = logBefore.split('\n').length;
    const portBefore = answers().port;

    // kill -9: no goodbye at all.
    const agentLog = join(dataDir, 'lab', prefix, `${host1}.log`);
    const logOffset = readFileSync(agentLog, 'utf8').length;
    process.kill(h1.agentPid, 'SIGKILL');
    await eventually('the agent to be gone', async () => (alive(h1.agentPid ?? 0) ? undefined : true), 5_000);
    const answersAtKill = answers().count;
    const servedAtKill = loop.result.served;
    // With no agent at all, everything still serves.
    await sleep(2_000);
    const answersWithoutAgent = answers().count - answersAtKill;
    const servedWithoutAgent = loop.result.served - servedAtKill;

    const restartedAt = Date.now();
    const newPid = await restartLabAgent({ prefix, dataDir, host: host1 });
    expect(newPid).not.toBe(h1.agentPid);
    // Ready again: joined, and the control plane has the node ready with its container reported by the new agent.
    await eventually(
      'the new agent to join',
      async () =>
        readFileSync(agentLog, 'utf8').slice(logOffset).includes('joined control plane') ? true : undefined,
      30_000,
    );
    await eventually('the node to be ready', async () => {
      const host = (await labStatus({ prefix, dataDir })).hosts.find((entry) => entry.name === host1);
      return host?.state === 'ready' && host.agentRunning ? true : undefined;
    });
    const readyMs = Date.now() - restartedAt;
    const answersAtReady = answers().count;
    await sleep(2_000);
    const result = await loop.stop();
    const meshResult = await meshLoop.stop();

    const after = answers();
    // What the new agent did on its first passes, for a reader of a failure.
    const newLog = readFileSync(agentLog, 'utf8').slice(logOffset);
    console.log(`${host1}'s new agent:\n${newLog}`);
    expect(lines).not.toContain('closed');
    expect(lines.filter((line) => line.startsWith('error'))).toEqual([]);
    // The same connection carried requests and answers after the restart.
    expect(after.port).toBe(portBefore);
    expect(after.count).toBeGreaterThan(answersAtReady + 5);
    expect(answersWithoutAgent).toBeGreaterThan(5);
    expect(servedWithoutAgent).toBeGreaterThan(5);
    expect(result.failed, result.errors.join('; ')).toBe(0);
    expect(meshResult.failures).toEqual([]);
    // The same HAProxy master, adopted.
    expect(Number(readFileSync(haproxyPidFile, 'utf8').trim())).toBe(haproxyPid);
    expect(startTimeOf(haproxyPid)).toBe(haproxyStart);

    expect(linksOf()).toEqual(linksBefore);
    // The same process: no restart.
    const now = await containers.get('web');
    expect(now).toMatchObject({ status: 'running', pid: webPid, restartCount: 0, startedAt: web.startedAt });
    expect(startTimeOf(webPid)).toBe(webStart);

    // Its log: the lines from before, then those served with no agent and after.
    const logAfter = (await ok(docker('logs', 'web'))).split('\n');
    expect(logAfter.slice(0, linesBefore)).toEqual(logBefore.split('\n'));
    expect(logAfter.length).toBeGreaterThan(linesBefore + servedWithoutAgent);

    // The new agent adopted, and repaired nothing: nothing was broken.
    expect(newLog).toContain('adopted 2 running container(s) left by a previous agent');
    expect(newLog).not.toContain('did not adopt');
    expect(newLog).toContain(`adopted the haproxy a previous agent left serving (pid ${haproxyPid})`);
    expect(newLog).not.toMatch(/repaired drift|left in sandboxes by a previous agent/);

    console.log(
      `live restore: ready ${readyMs} ms after the restart; published port served ${result.served} requests, ` +
        `${result.failed} failed (${servedWithoutAgent} while no agent ran); the mesh route through host1's ` +
        `HAProxy (pid ${haproxyPid} kept) served ${meshResult.total} requests, ${meshResult.failures.length} failed; ` +
        `the toolbox's connection ` +
        `answered ${after.count} times on one socket (${answersWithoutAgent} while no agent ran); ` +
        `whoami pid ${webPid} unchanged, docker logs ${linesBefore} -> ${logAfter.length} lines`,
    );
    connection?.kill();
  }, 120_000);

  it('lab down leaves nothing, though the workloads outlive agents now', async () => {
    await labDown({ prefix, dataDir });
    expect(leftovers()).toEqual([]);
    expect(alive(webPid)).toBe(false);
  }, 60_000);
});
