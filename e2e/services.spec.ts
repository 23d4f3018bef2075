import { expect, test } from '@playwright/test';
import { labStatus } from './lab-status.js';
import { artifact, nav, openPanel, signIn } from './console.js';
import { e2eStack } from './stack.js';

const serviceName = 'e2e-svc';
const publishedPort = 8089;
const [host1] = e2eStack.hostNames;

/** What the published port answers from the test process, or why it did not. */
async function fetchText(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return await response.text();
  } catch (error) {
    return `unreachable: ${String(error)}`;
  }
}

test('an operator creates a service, watches it roll out, scales it and reaches it through the mesh', async ({
  page,
}) => {
  test.setTimeout(240_000);

  // nodes.spec kills host2's agent and the specs run in either order: three replicas on the hosts
  // that are ready now, wherever the scheduler spreads them.
  await test.step('sign in and wait for the ready hosts', async () => {
    await signIn(page);
    await expect(page.getByTestId(`node-row-${host1}`).getByTestId('node-status')).toHaveText('ready', {
      timeout: 90_000,
    });
  });

  await test.step('the create form checks the spec as the operator types', async () => {
    await page.getByRole('link', { name: 'Services' }).click();
    await openPanel(page, 'Create service');
    const form = page.getByRole('form', { name: 'Create service' });
    const name = form.getByLabel('Name', { exact: true });
    await name.fill('-bad');
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await name.fill(serviceName);
    await expect(name).not.toHaveAttribute('aria-invalid');

    const ports = form.getByLabel('Published ports');
    await ports.fill('8089:80/sctp');
    await expect(ports).toHaveAttribute('aria-invalid', 'true');
    await ports.fill(`${publishedPort}:80`);
    await expect(ports).toHaveAccessibleDescription(`*:${publishedPort}->80/tcp`);

    const constraints = form.getByLabel('Placement constraints');
    await constraints.fill('hostname==x');
    await expect(constraints).toHaveAttribute('aria-invalid', 'true');
    await constraints.fill('');

    await form.getByLabel('Image', { exact: true }).selectOption('switchyard/whoami');
    await form.getByLabel('Replicas', { exact: true }).fill('3');
    await form.getByRole('button', { name: 'Create service' }).click();
    await expect(page.getByRole('status').getByRole('link', { name: serviceName })).toBeVisible();
  });

  await test.step('the rollout reaches 3/3 on the detail page', async () => {
    await page.getByRole('status').getByRole('link', { name: serviceName }).click();
    await expect(page).toHaveURL(new RegExp(`/services/${serviceName}$`));
    await expect(page.getByTestId('service-running-text')).toHaveText('3/3', { timeout: 60_000 });
    await expect(page.locator('[data-testid^="task-row-"][data-desired="running"]')).toHaveCount(3);
    await expect(page.getByText(`*:${publishedPort}->80/tcp`).first()).toBeVisible();
    await page.screenshot({ path: artifact('service-detail.png'), fullPage: true });
  });

  await test.step(`the routing mesh answers on ${host1}'s address`, async () => {
    const underlay = labStatus().find((candidate) => candidate.name === host1)?.underlayAddress;
    if (!underlay) throw new Error(`lab status gave no underlay address for ${host1}`);
    await expect
      .poll(() => fetchText(`http://${underlay}:${publishedPort}/`), { timeout: 20_000, intervals: [500] })
      .toContain(`Hostname: ${serviceName}.`);
  });

  await test.step('the list and the topology show three tasks', async () => {
    await nav(page).getByRole('link', { name: 'Services' }).click();
    const row = page.getByTestId(`service-row-${serviceName}`);
    await expect(row.getByTestId('service-replicas')).toHaveText('3/3');
    await expect(row).toContainText(`*:${publishedPort}->80/tcp`);
    await page.screenshot({ path: artifact('services.png'), fullPage: true });
    await nav(page).getByRole('link', { name: 'Topology' }).click();
    const node = page.getByTestId(`topo-service-${serviceName}`);
    await expect(node).toHaveAttribute('data-replicas', '3/3');
    await expect(page.locator(`[data-testid^="topo-task-${serviceName}."]`)).toHaveCount(3);
    await page.screenshot({ path: artifact('services-topology.png'), fullPage: true });
  });

  await test.step('scaling to 1 is followed by the list and the topology', async () => {
    await page.goto(`/services/${serviceName}`);
    const scale = page.getByRole('form', { name: 'Scale service' });
    await scale.getByLabel('Replicas').fill('1');
    await scale.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('service-running-text')).toHaveText('1/1', { timeout: 30_000 });
    await nav(page).getByRole('link', { name: 'Services' }).click();
    await expect(page.getByTestId(`service-row-${serviceName}`).getByTestId('service-replicas')).toHaveText(
      '1/1',
    );
    await nav(page).getByRole('link', { name: 'Topology' }).click();
    await expect(page.getByTestId(`topo-service-${serviceName}`)).toHaveAttribute('data-replicas', '1/1');
    await expect(page.locator(`[data-testid^="topo-task-${serviceName}."]`)).toHaveCount(1, {
      timeout: 20_000,
    });
  });

  await test.step('remove it in the UI', async () => {
    await page.goto(`/services/${serviceName}`);
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('button', { name: `Remove ${serviceName}` }).click();
    await expect(page).toHaveURL(/\/services$/);
    await expect(page.getByTestId(`service-row-${serviceName}`)).toHaveCount(0);
  });
});
