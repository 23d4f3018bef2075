import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { artifact, openPanel, signIn } from './console.js';
import { e2eStack } from './stack.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// host1 and host3 only: nodes.spec kills host2's agent, and the specs run in either order.
const [host1, , host3] = e2eStack.hostNames;
const overlayName = 'e2e-ov';
const toolboxName = 'e2e-ov-toolbox';
const whoamiName = 'e2e-ov-whoami';

/** What `switchyard exec <toolbox> -- curl` prints, or why it printed nothing. */
function curlFromToolbox(url: string): Promise<string> {
  const args = ['packages/cli/bin/switchyard.js', 'exec', '--data-dir', e2eStack.dataDir, toolboxName];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...args, '--', 'curl', '-s', '--max-time', '2', url],
      { cwd: repoRoot, encoding: 'utf8', timeout: 5_000 },
      (error, stdout, stderr) => resolve(error ? `failed: ${error.message} ${stderr}` : stdout),
    );
  });
}

async function createContainer(page: Page, image: string, name: string, host: string): Promise<void> {
  await page.goto('/containers');
  await openPanel(page, 'Create container');
  const form = page.getByRole('form', { name: 'Create container' });
  await form.getByLabel('Image', { exact: true }).selectOption(image);
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Host', { exact: true }).selectOption(host);
  await form.getByRole('checkbox', { name: new RegExp(`^${overlayName}\\b`) }).check();
  await form.getByRole('button', { name: 'Create container' }).click();
  const row = page.getByTestId(`container-row-${name}`);
  await expect(row.getByTestId('container-status')).toHaveText('running', { timeout: 30_000 });
  await expect(row).toContainText(host);
}

async function removeContainer(page: Page, name: string): Promise<void> {
  await page.goto(`/containers/${name}`);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('container-status')).toHaveText('exited', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  await page.getByRole('button', { name: `Remove ${name}` }).click();
  await expect(page).toHaveURL(/\/containers$/);
  await expect(page.getByTestId(`container-row-${name}`)).toHaveCount(0);
}

test('an operator creates an overlay, attaches containers on two hosts, and they talk across it', async ({
  page,
}) => {
  test.setTimeout(300_000);

  await test.step(`sign in and wait for ${host1} and ${host3}`, async () => {
    await signIn(page);
    for (const host of [host1, host3]) {
      await expect(page.getByTestId(`node-row-${host}`).getByTestId('node-status')).toHaveText('ready', {
        timeout: 90_000,
      });
    }
  });

  await test.step('an encrypted overlay is refused next to the Encrypted field', async () => {
    await page.getByRole('link', { name: 'Networks' }).click();
    await openPanel(page, 'Create network');
    const form = page.getByRole('form', { name: 'Create network' });
    await form.getByLabel('Name', { exact: true }).fill(overlayName);
    await form.getByLabel('Driver', { exact: true }).selectOption('overlay');
    // An overlay spans hosts: there is no host to pick.
    await expect(form.getByLabel('Host', { exact: true })).toHaveCount(0);
    const encrypted = form.getByRole('checkbox', { name: 'Encrypted' });
    await encrypted.check();
    await form.getByRole('button', { name: 'Create network' }).click();
    await expect(encrypted).toHaveAttribute('aria-invalid', 'true');
    await expect(encrypted).toHaveAccessibleDescription(/IPsec/);
    await page.screenshot({ path: artifact('overlay-encrypted-refused.png'), fullPage: true });

    await encrypted.uncheck();
    await expect(encrypted).not.toHaveAttribute('aria-invalid');
    await form.getByRole('checkbox', { name: 'Attachable' }).check();
    await form.getByRole('button', { name: 'Create network' }).click();
    const row = page.getByTestId(`network-row-${overlayName}`);
    await expect(row).toContainText('overlay');
    await expect(row).toContainText('swarm');
  });

  await test.step('the network shows its VNI', async () => {
    await page.goto(`/networks/${overlayName}`);
    await expect(page.getByTestId('network-vni')).toHaveText(/^\d+$/);
  });

  await test.step(`a toolbox on ${host1} and a whoami on ${host3} join the overlay`, async () => {
    await createContainer(page, 'switchyard/toolbox', toolboxName, host1);
    await createContainer(page, 'switchyard/whoami', whoamiName, host3);
  });

  await test.step('the network lists both hosts as ready peers', async () => {
    await page.goto(`/networks/${overlayName}`);
    for (const host of [host1, host3]) {
      await expect(page.getByTestId(`peer-row-${host}`)).toContainText('ready', { timeout: 20_000 });
    }
  });

  await test.step('the topology draws one overlay spanning both hosts, with a VTEP in each', async () => {
    await page.getByRole('link', { name: 'Topology' }).click();
    const overlay = page.getByTestId(`topo-network-${overlayName}`);
    await expect(overlay).toHaveCount(1);
    await expect(overlay).toBeVisible();
    const vtep1 = page.getByTestId(`topo-vtep-${overlayName}-${host1}`);
    const vtep3 = page.getByTestId(`topo-vtep-${overlayName}-${host3}`);
    // Each VTEP says which overlay it belongs to and its VNI; its tooltip adds the host's address.
    for (const [vtep, host] of [
      [vtep1, host1],
      [vtep3, host3],
    ] as const) {
      await expect(vtep).toContainText(
        new RegExp(
          `^${overlayName} \\d+VTEP of ${overlayName} \\(VNI \\d+\\) on ${host} at \\d+\\.\\d+\\.\\d+\\.\\d+$`,
        ),
      );
    }
    await expect(page.locator(`[data-testid^="topo-vtep-${overlayName}-"]`)).toHaveCount(2);
    await expect(overlay).toHaveAttribute('data-status', 'ready', { timeout: 20_000 });

    // Each VTEP inside its own host; the band reaches from one host to the other.
    for (const [vtep, host] of [
      [vtep1, host1],
      [vtep3, host3],
    ] as const) {
      const hostBox = await page.getByTestId(`topo-host-${host}`).locator('rect').boundingBox();
      const vtepBox = await vtep.locator('rect').boundingBox();
      expect(
        hostBox && vtepBox && vtepBox.x > hostBox.x && vtepBox.x < hostBox.x + hostBox.width,
        `VTEP inside ${host}`,
      ).toBe(true);
    }
    const band = await overlay.locator('rect').boundingBox();
    const host1Box = await page.getByTestId(`topo-host-${host1}`).locator('rect').boundingBox();
    const host3Box = await page.getByTestId(`topo-host-${host3}`).locator('rect').boundingBox();
    expect(
      band &&
        host1Box &&
        host3Box &&
        band.x < host1Box.x + host1Box.width &&
        band.x + band.width > host3Box.x,
      'the band spans host1 and host3',
    ).toBe(true);
    await expect(page.getByTestId(`topo-container-${toolboxName}`)).toHaveAttribute('data-status', 'running');
    await expect(page.getByTestId(`topo-container-${whoamiName}`)).toHaveAttribute('data-status', 'running');
    // The band itself: the group's box also spans the tunnels up to the VTEPs, whose centre may fall
    // on whatever is drawn between the hosts.
    await overlay.locator('rect').first().hover();
    await expect(page.getByTestId('topo-hover-card')).toContainText(`${host1}, ${host3}`);
    await page.screenshot({ path: artifact('overlay-topology.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: artifact('overlay-topology-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await test.step(`${toolboxName} on ${host1} reaches ${whoamiName} on ${host3} over the overlay`, async () => {
    await page.goto(`/containers/${whoamiName}`);
    const address = await page
      .getByTestId(`container-endpoint-${overlayName}`)
      .getByTestId('endpoint-address')
      .textContent();
    const ip = address?.split('/')[0];
    if (!ip) throw new Error(`${whoamiName} has no address on ${overlayName}`);
    await expect
      .poll(() => curlFromToolbox(`http://${ip}/`), { timeout: 20_000, intervals: [1_000] })
      .toContain(`Hostname: ${whoamiName}`);
  });

  await test.step('remove both containers, then the overlay', async () => {
    await removeContainer(page, toolboxName);
    await removeContainer(page, whoamiName);
    await page.goto(`/networks/${overlayName}`);
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('button', { name: `Remove ${overlayName}` }).click();
    await expect(page).toHaveURL(/\/networks$/);
    await expect(page.getByTestId(`network-row-${overlayName}`)).toHaveCount(0);
    await page.getByRole('link', { name: 'Topology' }).click();
    await expect(page.getByTestId(`topo-host-${host1}`)).toBeVisible();
    await expect(page.getByTestId(`topo-network-${overlayName}`)).toHaveCount(0);
  });
});
