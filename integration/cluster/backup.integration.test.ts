import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { switchyardBin } from '@switchyard/cli';
import { outcome } from './test-support/cluster.js';

// Issue 16 item 8: `switchyard backup` while the control plane runs, then `switchyard restore` into
// an empty data directory, gives back the same networks and services (ids, subnets, specs) and the
// same cluster CA. No lab: nothing here touches the kernel.

const dirs: string[] = [];
const running: RunningControlPlane[] = [];
const newDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `switchyard-${name}-`));
  dirs.push(dir);
  return dir;
};
const start = async (dataDir: string) => {
  const controlPlane = await startControlPlane({
    dataDir,
    port: 0,
    dockerApiListen: 'off',
    dockerTlsListen: 'off',
  });
  running.push(controlPlane);
  return controlPlane;
};
const cli = (...args: string[]) => outcome(process.execPath, [switchyardBin, ...args], 120_000);

async function trpc<T>(controlPlane: RunningControlPlane, path: string, input?: unknown): Promise<T> {
  const { readLocalCredentials } = await import('@switchyard/control-plane');
  const token = readLocalCredentials(controlPlane.config.dataDir)?.cliToken ?? '';
  const mutation = input !== undefined;
  const response = await fetch(`${controlPlane.url}/trpc/${path}`, {
    method: mutation ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(mutation ? { body: JSON.stringify(input) } : {}),
  });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (body.result === undefined) throw new Error(`${path}: ${body.error?.message ?? response.status}`);
  return body.result.data;
}

interface Named {
  id: string;
  name: string;
}
/** What must come back the same: ids, names and everything the user asked for. */
const networks = async (controlPlane: RunningControlPlane) =>
  (
    await trpc<(Named & { driver: string; subnets?: unknown; ipam?: unknown })[]>(
      controlPlane,
      'networks.list',
    )
  )
    .map((network) => JSON.stringify({ ...network, updatedAt: undefined }))
    .sort();
const services = async (controlPlane: RunningControlPlane) =>
  (
    await trpc<(Named & { version: number; spec: unknown; virtualIps: unknown; desired: number })[]>(
      controlPlane,
      'services.list',
    )
  )
    .map(({ id, name, version, spec, virtualIps, desired }) =>
      JSON.stringify({ id, name, version, spec, virtualIps, desired }),
    )
    .sort();

afterAll(async () => {
  for (const controlPlane of running) await controlPlane.close().catch(() => undefined);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('switchyard backup and restore', () => {
  it('give back the same networks, services and CA in an empty data directory', async () => {
    const source = newDir('backup-source');
    const target = newDir('backup-target');
    const file = join(newDir('backup-file'), 'cluster.tar');
    const original = await start(source);
    await trpc(original, 'networks.create', { name: 'backup-ov', driver: 'overlay', attachable: true });
    await trpc(original, 'networks.create', {
      name: 'backup-ov2',
      driver: 'overlay',
      ipam: [{ subnet: '10.77.0.0/24' }],
      labels: { tier: 'back' },
    });
    await trpc(original, 'services.create', {
      name: 'backup-web',
      image: 'switchyard/whoami',
      replicas: 2,
      networks: [{ network: 'backup-ov' }],
    });
    const networksBefore = await networks(original);
    const servicesBefore = await services(original);
    expect(networksBefore.some((network) => network.includes('10.77.0.0/24'))).toBe(true);

    const started = performance.now();
    const backup = await cli('backup', file, '--data-dir', source);
    expect(backup.code, backup.stderr).toBe(0);
    console.log(
      `online backup: ${Math.round(performance.now() - started)} ms; ${backup.stdout.split('\n')[0]}`,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await cli('backup', file, '--data-dir', source)).stderr).toContain('never overwrites');

    const refused = await cli('restore', file, '--data-dir', source);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`kill ${process.pid}`);

    const restored = await cli('restore', file, '--data-dir', target);
    expect(restored.code, restored.stderr).toBe(0);
    for (const path of ['switchyard.db', 'metrics-token', 'tls/ca-key.pem'])
      expect(statSync(join(target, path)).mode & 0o777, path).toBe(0o600);
    expect(readFileSync(join(target, 'tls/ca.pem'), 'utf8')).toBe(
      readFileSync(join(source, 'tls/ca.pem'), 'utf8'),
    );

    await original.close();
    running.splice(running.indexOf(original), 1);
    const again = await start(target);
    expect(await networks(again)).toEqual(networksBefore);
    expect(await services(again)).toEqual(servicesBefore);
  }, 180_000);
});
