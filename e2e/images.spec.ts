import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBusyboxArchive, type BuiltArchive } from '../scripts/images/busybox-archive.js';
import { artifact, nav, openPanel, signInAs } from './console.js';
import {
  cleanUpAfterEach,
  createNetwork,
  demoHosts,
  openTopology,
  removeContainers,
  removeFromPage,
  signInStep,
} from './demo-support.js';

// A real image end to end through the dashboard: an archive made offline is loaded on the Images page,
// every host imports it, a container runs it in containerd on a user bridge, the topology shows it,
// and its terminal runs a command whose output comes back.

const [host] = demoHosts;
const tag = 'switchyard/e2e-busybox:1';
const network = 'e2e-img-net';
const container = 'e2e-img-web';

let workDir: string;
let archive: BuiltArchive;

test.beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-image-'));
  archive = buildBusyboxArchive(join(workDir, 'busybox.tar'), tag);
});

test.afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

cleanUpAfterEach({ containers: [container], networks: [network] });
test.afterEach(async ({ page }) => {
  // After a failure half-way: the image goes too (a 404 after a passing run is ignored).
  await page.request.post('/trpc/images.remove', {
    data: { id: archive.imageId, force: true },
    failOnStatusCode: false,
  });
});

async function openImages(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Images' }).click();
  await expect(page).toHaveURL(/\/images$/);
}

test('images: load an archive, run it in containerd, see it in the topology, type in its terminal', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await signInStep(page, [host]);

  await test.step(`load ${tag} by upload on the Images page`, async () => {
    await openImages(page);
    await page.locator('summary', { hasText: 'Load image' }).click();
    await page.getByLabel('Image archive').setInputFiles(archive.path);
    await expect(page.getByTestId('image-load-status')).toContainText(`Loaded ${tag}`, { timeout: 30_000 });
    const row = page.getByTestId(`image-row-${tag}`);
    await expect(row).toContainText(archive.imageId.slice('sha256:'.length, 'sha256:'.length + 12));
    await expect(row.getByTestId('image-runtime')).toHaveText('containerd');
    // Every ready host imports it; this one must hold it before a container can be placed there.
    await expect(row.getByTestId(`image-host-${host}`)).toHaveAttribute('data-present', 'true', {
      timeout: 60_000,
    });
    await page.screenshot({ path: artifact('images-page.png'), fullPage: true });
  });

  await test.step(`create ${container} from it on the bridge ${network}`, async () => {
    await createNetwork(page, { name: network, driver: 'bridge', host });
    await nav(page).getByRole('link', { name: 'Containers' }).click();
    await openPanel(page, 'Create container');
    const form = page.getByRole('form', { name: 'Create container' });
    await form.getByLabel('Image', { exact: true }).selectOption(tag);
    await form.getByLabel('Name', { exact: true }).fill(container);
    await form.getByRole('checkbox', { name: new RegExp(`^${network} `) }).check();
    await form.getByRole('button', { name: 'Create container' }).click();
    const row = page.getByTestId(`container-row-${container}`);
    await expect(row.getByTestId('container-status')).toHaveText('running', { timeout: 60_000 });
    await expect(row).toContainText(host);
  });

  await test.step('the topology shows it running on the bridge', async () => {
    await openTopology(page, [network]);
    await expect(page.getByTestId(`topo-container-${container}`)).toHaveAttribute('data-status', 'running');
  });

  await test.step('its page shows containerd and its processes', async () => {
    await page.goto(`/containers/${container}`);
    await expect(page.getByTestId('container-runtime')).toHaveText('containerd');
    await expect(page.getByTestId('container-processes')).toContainText('httpd', { timeout: 20_000 });
  });

  await test.step('a viewer is told the terminal needs the operator role, and has no upload', async () => {
    const viewer = { username: 'e2e-img-viewer', password: 'viewer-password-1', role: 'viewer' };
    const created = await page.request.post('/trpc/users.create', { data: viewer });
    expect(created.status()).toBe(200);
    const { result } = (await created.json()) as { result: { data: { id: string } } };
    const context = await browser.newContext();
    try {
      const viewerPage = await context.newPage();
      await signInAs(viewerPage, viewer.username, viewer.password);
      await viewerPage.goto(`/containers/${container}`);
      await viewerPage.getByRole('tab', { name: 'Terminal' }).click();
      await expect(viewerPage.getByTestId('terminal-needs-operator')).toBeVisible();
      await expect(viewerPage.getByTestId('container-terminal')).toHaveCount(0);
      await viewerPage.goto('/images');
      await expect(viewerPage.getByTestId(`image-row-${tag}`)).toBeVisible();
      await expect(viewerPage.locator('summary', { hasText: 'Load image' })).toHaveCount(0);
    } finally {
      await context.close();
      await page.request.post('/trpc/users.remove', { data: { id: result.data.id } });
    }
  });

  await test.step('its terminal runs a command and shows what it printed', async () => {
    await page.getByRole('tab', { name: 'Terminal' }).click();
    await expect(page.getByTestId('terminal-status')).toContainText('Connected', { timeout: 20_000 });
    const terminal = page.getByTestId('container-terminal');
    await terminal.click();
    // The output differs from the typed line, so finding it proves the shell ran the command.
    await page.keyboard.type('echo hi-from-$((6*7))\n');
    await expect(terminal).toContainText('hi-from-42', { timeout: 15_000 });
    await page.screenshot({ path: artifact('container-terminal.png'), fullPage: true });
    await page.keyboard.type('exit 3\n');
    await expect(page.getByTestId('terminal-status')).toHaveText('exited with code 3', { timeout: 15_000 });
  });

  await test.step('remove the container, the network and the image', async () => {
    await removeContainers(page, [container]);
    await removeFromPage(page, 'networks', network);
    await openImages(page);
    const row = page.getByTestId(`image-row-${tag}`);
    await row.getByRole('button', { name: 'Remove', exact: true }).click();
    await row.getByRole('button', { name: `Remove ${tag}` }).click();
    await expect(row).toHaveCount(0);
  });
});
