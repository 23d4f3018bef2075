import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { signIn, signInAs } from './console.js';
import { e2eStack } from './stack.js';

// Issue 14's Playwright acceptance: an admin makes a viewer, the viewer signs in, sees no way to
// change anything, downloads a client bundle from the Profile page, and the unmodified docker CLI
// then works with it read-only over TLS.

const run = promisify(execFile);
// Its own viewer: users.spec.ts makes `e2e-viewer` in the same stack.
const viewer = { username: 'e2e-bundle-viewer', password: 'bundle-viewer-password' };

async function docker(
  certPath: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    DOCKER_HOST: `tcp://${e2eStack.labGateway}:${e2eStack.dockerTlsPort}`,
    DOCKER_TLS_VERIFY: '1',
    DOCKER_CERT_PATH: certPath,
    DOCKER_CONFIG: join(certPath, '.docker-config'),
  };
  return run('docker', args, { env, encoding: 'utf8', timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof error.code === 'number' ? error.code : 1,
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }),
  );
}

test('a viewer downloads a client bundle that works read-only with the docker CLI', async ({
  page,
  browser,
}) => {
  const scratch = mkdtempSync(join(tmpdir(), 'switchyard-e2e-bundle-'));
  try {
    await test.step('an admin creates a viewer', async () => {
      await signIn(page);
      const created = await page.request.post('/trpc/users.create', {
        data: { ...viewer, role: 'viewer' },
        headers: { origin: e2eStack.webUrl },
      });
      expect(created.status(), await created.text()).toBe(200);
    });

    const context = await browser.newContext();
    const viewerPage = await context.newPage();
    await test.step('the viewer signs in and sees no way to change anything', async () => {
      await signInAs(viewerPage, viewer.username, viewer.password);
      await expect(viewerPage.getByRole('banner')).toContainText(viewer.username);
      await expect(viewerPage.getByText('Add node')).toHaveCount(0);
      await viewerPage.goto('/networks');
      await expect(viewerPage.getByRole('heading', { name: 'Networks' })).toBeVisible();
      await expect(viewerPage.getByText('Create network')).toHaveCount(0);
    });

    const zip = join(scratch, 'bundle.zip');
    await test.step('the viewer downloads a bundle from the Profile page', async () => {
      await viewerPage
        .getByRole('banner')
        .getByRole('link', { name: new RegExp(viewer.username) })
        .click();
      await expect(viewerPage).toHaveURL(/\/profile$/);
      await viewerPage.getByLabel('Label').fill('e2e laptop');
      const download = viewerPage.waitForEvent('download');
      await viewerPage.getByRole('button', { name: 'Download client bundle' }).click();
      const saved = await download;
      expect(saved.suggestedFilename()).toBe(`switchyard-${viewer.username}-e2e-laptop.zip`);
      await saved.saveAs(zip);
      await expect(viewerPage.getByTestId('own-bundles')).toContainText('e2e laptop');
      await expect(viewerPage.getByTestId('all-bundles')).toHaveCount(0);
    });

    const bundleDir = join(scratch, 'bundle');
    await test.step('the bundle unzips to the files the docker CLI reads, its key private', async () => {
      await run('unzip', ['-q', zip, '-d', bundleDir]);
      for (const name of ['ca.pem', 'cert.pem', 'key.pem', 'env.sh', 'README.txt']) {
        expect(statSync(join(bundleDir, name)).isFile(), name).toBe(true);
      }
      expect(statSync(join(bundleDir, 'key.pem')).mode & 0o777).toBe(0o600);
    });

    await test.step('docker network ls works with it', async () => {
      // The server certificate names the lab address within seconds of the lab coming up.
      await expect
        .poll(async () => (await docker(bundleDir, 'network', 'ls', '--format', '{{.Name}}')).stdout, {
          timeout: 15_000,
        })
        .toContain('bridge');
    });

    await test.step('docker network create is refused, naming the role', async () => {
      const refused = await docker(bundleDir, 'network', 'create', 'from-a-viewer');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('network create needs the operator role (you are viewer)');
    });
    await context.close();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
