import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PathCheckResult, PathStep } from '@switchyard/contracts';
import { readLocalCredentials, startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '@switchyard/cli';
import { dockerCli, eventually, ok, outcome } from './test-support/cluster.js';

// Issue 17's path check on a real 3-host lab, broken by hand as an operator would: a client's eth0
// raised to MTU 9000 on a 1450 overlay, a published port's forwarding switched off, its DNAT element
// deleted and its only task scaled away (seen from another host, outside), and a routing mesh
// hostname whose backend is gone (and which forwarding switched off does not break).

const prefix = `sypt${process.pid % 1000}`;
const subnet = '192.168.133.0/24';
const [host1, host2] = [`${prefix}-host1`, `${prefix}-host2`];
const hostname = 'pt.example.com';
let dataDir: string;
let controlPlane: RunningControlPlane;
let dockerHost: string;
let cliToken: string;

const docker = dockerCli(() => dockerHost);

async function mutate<T>(path: string, input: unknown): Promise<T> {
  const response = await fetch(`${controlPlane.url}/trpc/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cliToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (body.result === undefined) throw new Error(`${path}: ${body.error?.message ?? response.status}`);
  return body.result.data;
}

const pathCheck = (from: string, to: string) =>
  mutate<PathCheckResult>('diagnostics.pathCheck', { from, to });
const targetCheck = (input: unknown) => mutate<PathCheckResult>('diagnostics.targetCheck', input);
const stepOf = (result: PathCheckResult, id: string): PathStep | undefined =>
  result.steps.find((step) => step.id === id);
const brokenStep = (result: PathCheckResult) => result.steps.find((step) => step.id === result.brokenAt);
/** A sysctl in a lab host's namespace, which is that host's whole network stack. */
const sysctlOn = (host: string, ...args: string[]) =>
  ok(outcome('ip', ['netns', 'exec', host, 'sysctl', ...args]));

/**
 * Breaks something the agent's resync (every 10 s here) puts back, then checks at once; a check
 * that the repair beat is tried again, breaking it anew, so what is measured is the check itself.
 */
async function brokenBy(
  breakIt: () => Promise<unknown>,
  check: () => Promise<PathCheckResult>,
  stepId: string,
): Promise<PathCheckResult> {
  for (let attempt = 1; ; attempt++) {
    await breakIt();
    const result = await check();
    if (result.brokenAt === stepId || attempt === 3) return result;
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-path-targets-'));
  controlPlane = await startControlPlane({
    dataDir,
    port: 0,
    dockerTlsListen: 'off',
    resyncIntervalMs: 10_000,
  });
  dockerHost = controlPlane.dockerHost ?? '';
  cliToken = readLocalCredentials(dataDir)?.cliToken ?? '';
  await labUp({ prefix, hosts: 3, subnet, dataDir, quiet: true });
}, 120_000);

afterAll(async () => {
  const errors: unknown[] = [];
  const step = async (action: () => Promise<unknown>) => {
    await action().catch((error: unknown) => errors.push(error));
  };
  if (controlPlane !== undefined) {
    for (const service of ['pubweb', 'hrmweb']) await step(() => docker('service', 'rm', service));
    await step(() => docker('rm', '-f', 'web-client', 'mtuweb'));
    await step(() => docker('network', 'rm', 'mtunet'));
  }
  await step(() => labDown({ prefix, dataDir }));
  if (controlPlane !== undefined) await step(() => controlPlane.close());
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  if (errors.length > 0) throw errors[0];
}, 120_000);

describe('the path check on a real lab', () => {
  it("names a client's eth0 raised to MTU 9000 on a 1450 overlay", async () => {
    await ok(docker('network', 'create', '-d', 'overlay', '--attachable', 'mtunet'));
    const run = (name: string, host: string, image: string) =>
      ok(
        docker(
          'run',
          '-d',
          '--name',
          name,
          '--network',
          'mtunet',
          '-l',
          `com.switchyard.node=${host}`,
          image,
        ),
      );
    await run('mtuweb', host2, 'switchyard/whoami');
    await run('web-client', host1, 'switchyard/toolbox');
    const healthy = await eventually(
      'a healthy path from web-client to mtuweb',
      async () => {
        const result = await pathCheck('web-client', 'mtuweb:80');
        return result.ok ? result : undefined;
      },
      60_000,
    );
    const mtu = stepOf(healthy, 'mtu');
    console.log(`healthy MTU step (${healthy.durationMs} ms): ${mtu?.message}`);
    expect(mtu?.status).toBe('ok');
    expect(mtu?.message).toMatch(
      /links on the path fit the overlay mtunet's MTU 1450; a 1450-byte ping with DF set to \S+ \(mtuweb on sypt\d+-host2\) got through/,
    );

    const { netns } = await controlPlane.services.containers.get('web-client');
    if (netns === null) throw new Error('web-client has no sandbox');
    const broken = await brokenBy(
      () => ok(outcome('ip', ['-n', netns, 'link', 'set', 'eth0', 'mtu', '9000'])),
      () => pathCheck('web-client', 'mtuweb:80'),
      'mtu',
    );
    console.log(`broken at ${broken.brokenAt} (${broken.durationMs} ms): ${brokenStep(broken)?.message}`);
    expect(broken.brokenAt).toBe('mtu');
    expect(brokenStep(broken)?.message).toContain(
      `eth0 of web-client on ${host1} has MTU 9000, above the overlay mtunet's 1450: large packets with DF set are lost (ip link set eth0 mtu 1450`,
    );
    // Every earlier step still passes: only the MTU names the break.
    expect(
      broken.steps.slice(0, broken.steps.indexOf(brokenStep(broken) as PathStep)).map((s) => s.status),
    ).not.toContain('broken');
  }, 150_000);

  it('walks a published port from another host and names its ingress leg down, forwarding switched off, its deleted DNAT rule, then its empty backends', async () => {
    await ok(
      docker(
        'service',
        'create',
        '--name',
        'pubweb',
        '--replicas',
        '1',
        '-p',
        '8089:80',
        'switchyard/whoami',
      ),
    );
    const input = { kind: 'published', node: host1, port: 8089 };
    const healthy = await eventually(
      'port 8089 healthy from outside',
      async () => {
        const result = await targetCheck(input);
        return result.ok ? result : undefined;
      },
      60_000,
    );
    console.log(
      `healthy published port: ${healthy.steps.map((step) => `${step.id}=${step.status}`).join(' ')}`,
    );
    expect(healthy.from).toBe(`outside (${host2})`);
    expect(stepOf(healthy, 'reach:outside')?.message).toContain(`${host2}, outside ${host1}: connects to`);

    // The host's leg into the ingress network, set down: the DNAT still matches, nothing gets through.
    const leg = healthy.steps.find((step) => step.id.startsWith('leg:'))?.id.slice('leg:'.length) ?? '';
    const setLeg = (state: 'up' | 'down') => outcome('ip', ['-n', host1, 'link', 'set', leg, state]);
    const legDown = await brokenBy(
      () => setLeg('down'),
      () => targetCheck(input),
      `leg:${leg}`,
    );
    await ok(setLeg('up'));
    console.log(`broken at ${legDown.brokenAt}: ${brokenStep(legDown)?.message}`);
    expect(brokenStep(legDown)?.message).toBe(
      `${host1}: ${leg}, its leg into the ingress network, is down (ip link set ${leg} up)`,
    );

    // Forwarding switched off on the publishing host: the port is DNATed there, then must be routed
    // out by the leg (and its replies back in by it). The agent's resync puts ip_forward back; a
    // device's own forwarding it does not manage, so that one is restored here.
    const underlay = /(\d+\.\d+\.\d+\.\d+):8089/.exec(stepOf(healthy, 'reach:outside')?.message ?? '')?.[1];
    const fromOutside = () =>
      outcome('ip', ['netns', 'exec', host2, 'nc', '-z', '-w', '2', underlay ?? '', '8089']);
    /** Switches one off, connects from outside, and says whether it was still off when that ended. */
    const connectWhileOff = async (name: string) => {
      for (let attempt = 1; ; attempt++) {
        await sysctlOn(host1, '-w', `${name}=0`);
        const started = performance.now();
        const connect = await fromOutside();
        const ms = Math.round(performance.now() - started);
        const still = (await sysctlOn(host1, '-n', name)).trim() === '0';
        if (still || attempt === 3) {
          console.log(`${name}=0: from ${host2}, nc -z ${underlay}:8089 exit ${connect.code} in ${ms} ms`);
          return { code: connect.code, still };
        }
      }
    };
    try {
      // First what the operator notices: with forwarding off, the port no longer answers from outside.
      const measured = await connectWhileOff('net.ipv4.ip_forward');
      expect(measured.still).toBe(true);
      expect(measured.code).not.toBe(0);
      const offAll = await brokenBy(
        () => sysctlOn(host1, '-w', 'net.ipv4.ip_forward=0'),
        () => targetCheck(input),
        'forwarding',
      );
      console.log(`ip_forward=0: broken at ${offAll.brokenAt}: ${brokenStep(offAll)?.message}`);
      expect(brokenStep(offAll)?.message).toMatch(
        new RegExp(
          `^${host1}: forwarding is off \\(net\\.ipv4\\.ip_forward = 0\\): the published port 8089 is DNATed here and must be routed to [\\d.]+ \\(task pubweb\\.1 on ${prefix}-host\\d\\) \\(sysctl -w net\\.ipv4\\.ip_forward=1 on ${host1}\\)$`,
        ),
      );
      await sysctlOn(host1, '-w', 'net.ipv4.ip_forward=1');

      // The leg's own forwarding (the replies come back in by it); the agent leaves it alone.
      const legOff = await connectWhileOff(`net.ipv4.conf.${leg}.forwarding`);
      expect(legOff.code).not.toBe(0);
      const offLeg = await targetCheck(input);
      console.log(`${leg} forwarding=0: broken at ${offLeg.brokenAt}: ${brokenStep(offLeg)?.message}`);
      expect(offLeg.brokenAt).toBe('forwarding');
      expect(brokenStep(offLeg)?.message).toContain(
        `${host1}: forwarding is off on ${leg} (net.ipv4.conf.${leg}.forwarding = 0): the published port 8089 is DNATed here`,
      );
      expect(stepOf(offLeg, 'reach:outside')?.status).toBe('broken');
    } finally {
      await sysctlOn(host1, '-w', 'net.ipv4.ip_forward=1', `net.ipv4.conf.${leg}.forwarding=1`);
    }
    const restored = await eventually('port 8089 healthy again', async () => {
      const result = await targetCheck(input);
      return result.ok ? result : undefined;
    });
    console.log(`forwarding restored: ${stepOf(restored, 'forwarding')?.message}`);

    // Strict rp_filter on the way in and on the leg the replies come back by: each source is routed
    // back by the device it came in on, so nothing drops and the check must not blame it.
    const rpNames = ['net.ipv4.conf.all.rp_filter', `net.ipv4.conf.${leg}.rp_filter`];
    const rpBefore = await Promise.all(
      rpNames.map(async (name) => (await sysctlOn(host1, '-n', name)).trim()),
    );
    try {
      await sysctlOn(host1, '-w', ...rpNames.map((name) => `${name}=1`));
      const strict = await fromOutside();
      const checked = await targetCheck(input);
      console.log(
        `rp_filter strict (was ${rpBefore.join(', ')}): nc exit ${strict.code}; check ok=${checked.ok}, broken at ${checked.brokenAt}`,
      );
      expect(strict.code).toBe(0);
      expect(checked.ok).toBe(true);
    } finally {
      await sysctlOn(host1, '-w', ...rpNames.map((name, index) => `${name}=${rpBefore[index] ?? '0'}`));
    }

    const broken = await brokenBy(
      () =>
        outcome('ip', [
          'netns',
          'exec',
          host1,
          'nft',
          'delete',
          'element',
          'ip',
          'switchyard_ingress',
          'published',
          '{ tcp . 8089 }',
        ]),
      () => targetCheck(input),
      'dnat',
    );
    console.log(`broken at ${broken.brokenAt}: ${brokenStep(broken)?.message}`);
    expect(broken.brokenAt).toBe('dnat');
    expect(brokenStep(broken)?.message).toBe(
      `${host1}: table ip switchyard_ingress has no DNAT rule for port 8089: map published has no element tcp . 8089, so service pubweb's port is refused on this host`,
    );
    expect(stepOf(broken, 'reach:outside')?.status).toBe('broken');

    await ok(docker('service', 'scale', 'pubweb=0'));
    const empty = await eventually('the backends to be named empty', async () => {
      const result = await targetCheck(input);
      return result.brokenAt === 'backends' ? result : undefined;
    });
    console.log(`scaled to 0: ${brokenStep(empty)?.message}`);
    expect(brokenStep(empty)?.message).toBe(
      `the routing mesh's backends for ${host1}:8089/tcp are empty: service pubweb has no running, healthy task, so ${host1} refuses the port`,
    );
  }, 150_000);

  it('checks a routing mesh hostname healthy, then names its backend gone', async () => {
    await ok(
      docker(
        'service',
        'create',
        '--name',
        'hrmweb',
        '--replicas',
        '1',
        '--network',
        'hrm',
        '--label',
        `com.docker.ucp.mesh.http=80=http://${hostname}`,
        'switchyard/whoami',
      ),
    );
    const input = { kind: 'route', hostname };
    const healthy = await eventually(
      `${hostname} healthy through ${host1}'s proxy`,
      async () => {
        const result = await targetCheck({ ...input, node: host1 });
        return result.ok ? result : undefined;
      },
      90_000,
    );
    const request = healthy.steps.at(-1);
    console.log(`healthy route (${healthy.durationMs} ms): ${request?.message}`);
    expect(request?.message).toMatch(
      new RegExp(
        `^${host2}, outside ${host1}: GET http://[\\d.]+:80/ with Host ${hostname} answers HTTP/1.1 200 OK, from hrmweb\\.1`,
      ),
    );

    // The proxy ends each connection and opens its own to the task: nothing is routed through the
    // host, so forwarding switched off must not break the route (and the check reads none for it).
    try {
      for (let attempt = 1; ; attempt++) {
        await sysctlOn(host1, '-w', 'net.ipv4.ip_forward=0');
        const result = await targetCheck({ ...input, node: host1 });
        const after = (await sysctlOn(host1, '-n', 'net.ipv4.ip_forward')).trim();
        if (after === '0' || attempt === 3) {
          console.log(`ip_forward=0 (still ${after} after the check): ${result.steps.at(-1)?.message}`);
          expect(after).toBe('0');
          expect(result.ok).toBe(true);
          expect(result.steps.some((step) => step.id === 'forwarding')).toBe(false);
          break;
        }
      }
    } finally {
      await sysctlOn(host1, '-w', 'net.ipv4.ip_forward=1');
    }

    await ok(docker('service', 'scale', 'hrmweb=0'));
    const broken = await eventually('the route without backend to be named', async () => {
      const result = await targetCheck({ ...input, node: host1 });
      return result.brokenAt === 'proxy-route' ? result : undefined;
    });
    console.log(`backend gone: ${brokenStep(broken)?.message}; the request: ${broken.steps.at(-1)?.message}`);
    expect(brokenStep(broken)?.message).toBe(
      `the route ${hostname} on ${host1}'s proxy has no backend: service hrmweb has no running, healthy task on the mesh network, so the proxy answers 503`,
    );
    expect(broken.steps.at(-1)?.status).toBe('broken');
  }, 150_000);
});
