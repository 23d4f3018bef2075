import { expect, test } from '@playwright/test';
import { labStatus } from './lab-status.js';
import { artifact, openPanel, signIn } from './console.js';
import { e2eStack } from './stack.js';

// Everything lives on host1: nodes.spec kills host2's agent, and the two specs run in either order.
const [host] = e2eStack.hostNames;
const networkName = 'e2e-net';
const containerName = 'e2e-web';
const subnet = '172.29.0.0/16';
const publishedPort = 8088;

/** What the published port answers from the root namespace, or the reason it did not. */
async function fetchText(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return await response.text();
  } catch (error) {
    return `unreachable: ${String(error)}`;
  }
}

test('an operator creates a network and a container, sees them in the topology, and removes them', async ({
  page,
}) => {
  test.setTimeout(240_000);

  await test.step(`sign in and wait for ${host}`, async () => {
    await signIn(page);
    await expect(page.getByTestId(`node-row-${host}`).getByTestId('node-status')).toHaveText('ready', {
      timeout: 90_000,
    });
  });

  await test.step('the create-network form refuses a bad subnet next to the field', async () => {
    await page.getByRole('link', { name: 'Networks' }).click();
    await openPanel(page, 'Create network');
    const form = page.getByRole('form', { name: 'Create network' });
    await form.getByLabel('Name', { exact: true }).fill(networkName);
    await form.getByLabel('Host', { exact: true }).selectOption(host);
    await form.getByRole('button', { name: 'Add subnet' }).click();
    const subnetField = form.getByLabel('Subnet', { exact: true });

    // The form's own check, as the operator types.
    await subnetField.fill('172.29.0.0/33');
    await expect(subnetField).toHaveAttribute('aria-invalid', 'true');
    await expect(subnetField).toHaveAccessibleDescription(/CIDR/);

    // The server's refusal: a valid CIDR that overlaps the predefined bridge (172.17.0.0/16).
    await subnetField.fill('172.17.5.0/24');
    await expect(subnetField).not.toHaveAttribute('aria-invalid');
    await form.getByRole('button', { name: 'Create network' }).click();
    await expect(subnetField).toHaveAccessibleDescription(/overlaps/i);
    await expect(subnetField).toHaveAttribute('aria-invalid', 'true');
    await expect(subnetField).toBeFocused();
    await page.screenshot({ path: artifact('network-form-error.png'), fullPage: true });

    await subnetField.fill(subnet);
    await expect(subnetField).not.toHaveAttribute('aria-invalid');
    await form.getByRole('button', { name: 'Create network' }).click();
    const row = page.getByTestId(`network-row-${networkName}`);
    await expect(row).toContainText(subnet);
    await expect(row).toContainText(host);
    await expect(row).toContainText('ready', { timeout: 20_000 });
    await page.screenshot({ path: artifact('networks.png'), fullPage: true });
  });

  await test.step(`a whoami container with -p ${publishedPort}:80 starts on the network`, async () => {
    await page.getByRole('link', { name: 'Containers' }).click();
    await openPanel(page, 'Create container');
    const form = page.getByRole('form', { name: 'Create container' });
    await form.getByLabel('Image', { exact: true }).selectOption('switchyard/whoami');
    await form.getByLabel('Name', { exact: true }).fill(containerName);
    await form.getByRole('checkbox', { name: new RegExp(`^${networkName}\\b`) }).check();
    const ports = form.getByLabel('Published ports');
    await ports.fill('8088:80/sctp');
    await expect(ports).toHaveAttribute('aria-invalid', 'true');
    await ports.fill(`${publishedPort}:80`);
    await expect(ports).toHaveAccessibleDescription(`0.0.0.0:${publishedPort}->80/tcp`);
    await form.getByRole('button', { name: 'Create container' }).click();
    const row = page.getByTestId(`container-row-${containerName}`);
    await expect(row.getByTestId('container-status')).toHaveText('running', { timeout: 30_000 });
    await expect(row).toContainText(`0.0.0.0:${publishedPort}->80/tcp`);
    await expect(row).toContainText(host);
  });

  await test.step('both appear in the topology, inside the host', async () => {
    await page.getByRole('link', { name: 'Topology' }).click();
    const network = page.getByTestId(`topo-network-${networkName}`);
    const container = page.getByTestId(`topo-container-${containerName}`);
    await expect(network).toBeVisible();
    await expect(container).toHaveAttribute('data-status', 'running');
    const hostBox = await page.getByTestId(`topo-host-${host}`).locator('rect').boundingBox();
    const containerBox = await container.boundingBox();
    expect(
      hostBox && containerBox && containerBox.x > hostBox.x && containerBox.x < hostBox.x + hostBox.width,
    ).toBe(true);
    await container.hover();
    await expect(page.getByTestId('topo-hover-card')).toContainText(/172\.29\.\d+\.\d+\/16/);
    await page.screenshot({ path: artifact('topology.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: artifact('topology-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await test.step('clicking the container opens its details, whose Open link goes to its inspect view', async () => {
    await page.getByTestId(`topo-container-${containerName}`).click();
    const panel = page.getByTestId('topo-panel');
    await expect(panel).toContainText(containerName);
    await panel.getByRole('link', { name: 'Open' }).click();
    await expect(page).toHaveURL(new RegExp(`/containers/${containerName}$`));
    await expect(
      page.getByTestId(`container-endpoint-${networkName}`).getByTestId('endpoint-address'),
    ).toHaveText(/^172\.29\.\d+\.\d+\/16$/);
    await expect(page.getByTestId('container-status')).toHaveText('running');
    await page.screenshot({ path: artifact('container-detail.png'), fullPage: true });
  });

  await test.step(`the published port answers at ${host}'s underlay address`, async () => {
    const underlay = labStatus().find((candidate) => candidate.name === host)?.underlayAddress;
    if (!underlay) throw new Error(`lab status gave no underlay address for ${host}`);
    await expect
      .poll(() => fetchText(`http://${underlay}:${publishedPort}/`), { timeout: 20_000, intervals: [500] })
      .toContain(`Hostname: ${containerName}`);
  });

  await test.step('the network refuses removal while the container is attached', async () => {
    await page.goto(`/networks/${networkName}`);
    await expect(page.getByTestId(`endpoint-row-${containerName}`)).toContainText(/172\.29\.\d+\.\d+/);
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('button', { name: `Remove ${networkName}` }).click();
    await expect(page.getByRole('main').getByRole('alert')).toContainText('has active endpoints');
    await page.screenshot({ path: artifact('network-detail.png'), fullPage: true });
  });

  await test.step('stop and remove the container, then the network', async () => {
    await page.getByRole('link', { name: containerName }).click();
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('container-status')).toHaveText('exited', { timeout: 20_000 });
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('button', { name: `Remove ${containerName}` }).click();
    await expect(page).toHaveURL(/\/containers$/);
    await expect(page.getByTestId(`container-row-${containerName}`)).toHaveCount(0);

    await page.goto(`/networks/${networkName}`);
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('button', { name: `Remove ${networkName}` }).click();
    await expect(page).toHaveURL(/\/networks$/);
    await expect(page.getByTestId(`network-row-${networkName}`)).toHaveCount(0);
  });

  await test.step('the topology no longer shows them', async () => {
    await page.getByRole('link', { name: 'Topology' }).click();
    await expect(page.getByTestId(`topo-host-${host}`)).toBeVisible();
    await expect(page.getByTestId(`topo-network-${networkName}`)).toHaveCount(0);
    await expect(page.getByTestId(`topo-container-${containerName}`)).toHaveCount(0);
  });
});
