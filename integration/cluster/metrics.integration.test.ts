import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText, type PrometheusSample } from '@switchyard/contracts';
import { startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '@switchyard/cli';
import { dockerCli, eventually, execIn, ok, outcome } from './test-support/cluster.js';
import { getByHost } from './test-support/hrm.js';

// Issue 16 item 9: `curl` of /metrics on the control plane and on an agent gives valid Prometheus
// text with the series an operator watches, on a one-host lab with a service, a route and a container.

const prefix = `syo${process.pid % 1000}`;
const subnet = '192.168.61.0/24';
const host = `${prefix}-host1`;
const address = '192.168.61.11';
let dataDir: string;
let controlPlane: RunningControlPlane;
let dockerHost: string;
const docker = dockerCli(() => dockerHost);
const exec = execIn(() => dataDir);

/** curl as an operator runs it; resolves with the status and the body. */
async function curl(args: string[]): Promise<{ status: number; body: string }> {
  const result = await outcome('curl', ['-s', '--max-time', '5', '-w', '\n%{http_code}', ...args]);
  const cut = result.stdout.lastIndexOf('\n');
  return {
    status: Number(result.stdout.slice(cut + 1)) || 0,
    body: result.stdout.slice(0, Math.max(cut, 0)),
  };
}

/** The value of the one sample with this name and these labels (others may be present). */
function value(samples: PrometheusSample[], name: string, labels: Record<string, string> = {}) {
  const matching = samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v),
  );
  return matching.reduce((sum, sample) => sum + sample.value, 0);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-metrics-'));
  controlPlane = await startControlPlane({ dataDir, port: 0, dockerTlsListen: 'off' });
  dockerHost = controlPlane.dockerHost ?? '';
  await labUp({ prefix, hosts: 1, subnet, dataDir, quiet: true });
  await ok(docker('network', 'create', '-d', 'overlay', '--attachable', 'metricsnet'));
  await ok(
    docker(
      'service',
      'create',
      '--name',
      'web',
      '--network',
      'hrm',
      '--network',
      'metricsnet',
      '--label',
      'com.docker.ucp.mesh.http=80=http://metrics.example.com',
      'switchyard/whoami',
    ),
  );
  await ok(docker('run', '-d', '--name', 'tool', '--network', 'metricsnet', 'switchyard/toolbox'));
}, 150_000);

afterAll(async () => {
  const errors: unknown[] = [];
  const step = async (action: () => Promise<unknown>) => {
    await action().catch((error: unknown) => errors.push(error));
  };
  if (controlPlane !== undefined) {
    await step(() => docker('rm', '-f', 'tool'));
    await step(() => docker('service', 'rm', 'web'));
    await step(() => docker('network', 'rm', 'metricsnet'));
  }
  await step(() => labDown({ prefix, dataDir }));
  if (controlPlane !== undefined) await step(() => controlPlane.close());
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  if (errors.length > 0) throw errors[0];
}, 120_000);

describe('Prometheus metrics', () => {
  it("serve the control plane's series behind the scrape token, and refuse anyone without one", async () => {
    const token = readFileSync(join(dataDir, 'metrics-token'), 'utf8').trim();
    const url = `${controlPlane.url}/metrics`;
    expect((await curl([url])).status).toBe(401);
    expect((await curl(['-H', 'Authorization: Bearer symetrics-wrong', url])).status).toBe(401);

    const samples = await eventually(
      'a running task and a timed push',
      async () => {
        const answer = await curl(['-H', `Authorization: Bearer ${token}`, url]);
        expect(answer.status).toBe(200);
        const parsed = parsePrometheusText(answer.body);
        return value(parsed, 'switchyard_tasks', { state: 'running' }) === 1 &&
          value(parsed, 'switchyard_push_apply_seconds_count') > 0
          ? parsed
          : undefined;
      },
      60_000,
    );
    const names = new Set(samples.map((sample) => sample.name));
    console.log(`control plane: ${samples.length} samples in ${names.size} series`);
    expect(value(samples, 'switchyard_agents_connected')).toBe(1);
    expect(value(samples, 'switchyard_nodes', { status: 'ready' })).toBe(1);
    expect(value(samples, 'switchyard_reconcile_pass_seconds_count')).toBeGreaterThan(0);
    expect(value(samples, 'switchyard_requests_total', { interface: 'engine', code: '201' })).toBeGreaterThan(
      0,
    );
    const p =
      value(samples, 'switchyard_push_apply_seconds_sum') /
      value(samples, 'switchyard_push_apply_seconds_count');
    console.log(`mean push-to-applied latency: ${(p * 1000).toFixed(1)} ms`);
  }, 90_000);

  it("serve an agent's series on its host's loopback and relayed by the control plane", async () => {
    // Traffic the agent counts: DNS queries in a sandbox, and requests through the routing mesh.
    for (let query = 0; query < 5; query += 1) await ok(exec('tool', 'dig', '+short', 'web'));
    await eventually(
      'the route to answer',
      async () => ((await getByHost(address, 'metrics.example.com')).status === 200 ? true : undefined),
      60_000,
    );
    for (let request = 0; request < 5; request += 1) await getByHost(address, 'metrics.example.com');

    const local = await eventually(
      'the proxy to count the requests',
      async () => {
        const answer = await outcome('ip', [
          'netns',
          'exec',
          host,
          'curl',
          '-s',
          '--max-time',
          '5',
          'http://127.0.0.1:9323/metrics',
        ]);
        const parsed = parsePrometheusText(answer.stdout);
        return value(parsed, 'switchyard_agent_proxy_requests_total', { code: '2xx' }) >= 5
          ? parsed
          : undefined;
      },
      30_000,
    );
    const count = (name: string, labels: Record<string, string> = {}) => value(local, name, labels);
    expect(count('switchyard_agent_reconcile_pass_seconds_count', { node: host })).toBeGreaterThan(0);
    expect(count('switchyard_agent_dns_query_seconds_count', { kind: 'local' })).toBeGreaterThanOrEqual(5);
    expect(count('switchyard_agent_nft_apply_seconds_count')).toBeGreaterThan(0);
    expect(count('switchyard_agent_tasks', { state: 'running' })).toBe(2);
    const dnsMean =
      count('switchyard_agent_dns_query_seconds_sum', { kind: 'local' }) /
      count('switchyard_agent_dns_query_seconds_count', { kind: 'local' });
    console.log(`agent: ${local.length} samples; mean local DNS answer ${(dnsMean * 1e6).toFixed(0)} µs`);

    const token = readFileSync(join(dataDir, 'metrics-token'), 'utf8').trim();
    const relayed = await curl([
      '-H',
      `Authorization: Bearer ${token}`,
      `${controlPlane.url}/metrics/nodes/${host}`,
    ]);
    expect(relayed.status).toBe(200);
    const samples = parsePrometheusText(relayed.body);
    expect(value(samples, 'switchyard_agent_nft_apply_seconds_count', { node: host })).toBeGreaterThan(0);
    expect((await curl([`${controlPlane.url}/metrics/nodes/${host}`])).status).toBe(401);
    expect(
      (await curl(['-H', `Authorization: Bearer ${token}`, `${controlPlane.url}/metrics/nodes/nope`])).status,
    ).toBe(404);
  }, 120_000);
});
