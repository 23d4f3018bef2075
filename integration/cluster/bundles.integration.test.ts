import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLocalCredentials, startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labStatus, labUp, switchyardBin } from '@switchyard/cli';
import { eventually, ok, outcome, type Outcome } from './test-support/cluster.js';

// Issue 14's Engine API acceptance with the unmodified docker CLI: client bundles over TLS from the
// root namespace to the control plane's lab address, roles, revocation, and root's local socket.

const prefix = `syb${process.pid % 1000}`;
const subnet = '192.168.67.0/24';
const labGateway = '192.168.67.1';
const host1 = `${prefix}-host1`;
let dataDir: string;
let scratch: string;
let controlPlane: RunningControlPlane;
let tlsHost: string;
let cliToken: string;

async function mutate(path: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${controlPlane.url}/trpc/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cliToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: unknown }; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${path}: ${body.error.message}`);
  return body.result?.data;
}

/** `switchyard bundle <user> --out <dir>`, as root on the control plane's machine runs it. */
function bundle(user: string, out: string): Promise<Outcome> {
  return outcome(process.execPath, [switchyardBin, 'bundle', user, '--out', out, '--data-dir', dataDir]);
}

/** The docker CLI as env.sh sets it up, dialling the control plane's lab address over TLS. */
function dockerWith(certPath: string, ...args: string[]): Promise<Outcome> {
  return outcome('env', [
    `DOCKER_HOST=${tlsHost}`,
    'DOCKER_TLS_VERIFY=1',
    `DOCKER_CERT_PATH=${certPath}`,
    `DOCKER_CONFIG=${join(scratch, 'docker-config')}`,
    'docker',
    ...args,
  ]);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bundles-'));
  scratch = mkdtempSync(join(tmpdir(), 'switchyard-bundle-out-'));
  controlPlane = await startControlPlane({ dataDir, port: 0, dockerTlsListen: '0.0.0.0:0' });
  cliToken = readLocalCredentials(dataDir)?.cliToken ?? '';
  tlsHost = `tcp://${labGateway}:${controlPlane.dockerTlsAddress?.split(':')[1]}`;
  await labUp({ prefix, hosts: 1, subnet, dataDir, quiet: true });
  await mutate('users.create', { username: 'vera', password: 'vera-password', role: 'viewer' });
}, 120_000);

afterAll(async () => {
  await outcome('docker', ['-H', controlPlane.dockerHost ?? '', 'network', 'rm', 'bundled']);
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}, 120_000);

describe('the Engine API over TLS with client bundles', () => {
  it('serves the unmodified docker CLI with an admin bundle from the root namespace', async () => {
    const adminDir = join(scratch, 'admin');
    const made = await ok(bundle('admin', adminDir));
    expect(made).toContain(`. ${join(adminDir, 'env.sh')}`);
    expect(statSync(join(adminDir, 'key.pem')).mode & 0o777).toBe(0o600);
    // env.sh finds its own directory, wherever it is sourced from.
    const certPath = await ok(
      outcome('bash', ['-c', `cd / && . ${adminDir}/env.sh && echo "$DOCKER_CERT_PATH"`]),
    );
    expect(certPath).toBe(adminDir);

    // The server certificate names the lab's address within seconds of the bridge coming up.
    await eventually('the lab address in the server certificate', async () =>
      (await dockerWith(adminDir, 'network', 'ls')).code === 0 ? true : undefined,
    );
    await ok(dockerWith(adminDir, 'network', 'create', '--label', `com.switchyard.node=${host1}`, 'bundled'));
    expect((await ok(dockerWith(adminDir, 'network', 'ls', '--format', '{{.Name}}'))).split('\n')).toContain(
      'bundled',
    );
    await ok(dockerWith(adminDir, 'network', 'rm', 'bundled'));
  });

  it("lets a viewer's bundle read and refuses a change with 403 naming the role", async () => {
    const veraDir = join(scratch, 'vera');
    await ok(bundle('vera', veraDir));
    expect(await ok(dockerWith(veraDir, 'network', 'ls', '--format', '{{.Name}}'))).toContain('bridge');
    const refused = await dockerWith(veraDir, 'network', 'create', 'x');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('network create needs the operator role (you are viewer)');
    // What the CLI printed came back as a 403, Docker-shaped.
    const raw = await outcome('curl', [
      '-sS',
      ...['--cacert', join(veraDir, 'ca.pem'), '--cert', join(veraDir, 'cert.pem')],
      ...['--key', join(veraDir, 'key.pem'), '-H', 'content-type: application/json'],
      ...['-d', '{"Name":"x"}', '-w', ' %{http_code}'],
      `https://${tlsHost.replace('tcp://', '')}/v1.47/networks/create`,
    ]);
    expect(raw.stdout).toBe('{"message":"network create needs the operator role (you are viewer)"} 403');
  });

  it('fails the handshake without a client certificate', async () => {
    const address = tlsHost.replace('tcp://', '');
    const curl = await outcome('curl', [
      '-sS',
      '--cacert',
      join(scratch, 'admin', 'ca.pem'),
      `https://${address}/_ping`,
    ]);
    expect(curl.code).not.toBe(0);
    expect(curl.stdout).toBe('');
    const docker = await outcome('env', [
      `DOCKER_CONFIG=${join(scratch, 'docker-config')}`,
      'docker',
      '-H',
      tlsHost,
      '--tlsverify',
      '--tlscacert',
      join(scratch, 'admin', 'ca.pem'),
      'network',
      'ls',
    ]);
    expect(docker.code).not.toBe(0);
  });

  it('refuses a revoked bundle, naming why', async () => {
    const spareDir = join(scratch, 'spare');
    const made = await ok(bundle('vera', spareDir));
    const serial = /certificate ([0-9A-F]+)/.exec(made)?.[1] ?? '';
    await ok(dockerWith(spareDir, 'network', 'ls'));
    await mutate('bundles.revoke', { serial });
    const refused = await dockerWith(spareDir, 'network', 'ls');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`certificate ${serial} was revoked`);
  });

  it('refuses to write a bundle into a directory that is not empty', async () => {
    const again = await bundle('vera', join(scratch, 'vera'));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists and is not empty');
  });

  it('serves root on the local unix socket', async () => {
    expect(controlPlane.dockerHost).toBe(`unix://${join(dataDir, 'docker.sock')}`);
    // What `switchyard lab status --json` gives as dockerHost.
    expect((await labStatus({ prefix, dataDir })).dockerHost).toBe(controlPlane.dockerHost);
    expect(statSync(join(dataDir, 'docker.sock')).mode & 0o777).toBe(0o600);
    expect(await ok(outcome('docker', ['-H', controlPlane.dockerHost ?? '', 'network', 'ls']))).toContain(
      'bridge',
    );
  });
});
