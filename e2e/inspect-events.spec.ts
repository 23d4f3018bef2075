import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { artifact, nav } from './console.js';
import {
  cleanUpAfterEach,
  createContainer,
  createNetwork,
  removeContainers,
  removeFromPage,
  signInWithHosts,
} from './demo-support.js';
import { e2eStack } from './stack.js';

// Inspect, events and audit: a network and a container made through the dashboard, then read back on
// the network's and the node's pages (what each host's agent reported), found again in the events
// timeline through its filters, live, and in the audit log with the user who made them.

// host1 only: nodes.spec kills host2's agent.
const [host] = e2eStack.hostNames;
const network = 'ie-net';
const container = 'ie-web';
const subnet = '10.233.0.0/24';

cleanUpAfterEach({ containers: [container], networks: [network] });

/** A tRPC mutation with the signed-in session, as another operator's tab would make it. */
async function mutate(page: Page, procedure: string, input: object): Promise<void> {
  const response = await page.request.post(`/trpc/${procedure}`, { data: input });
  expect(response.status(), `${procedure}: ${await response.text()}`).toBe(200);
}

test('inspect a network and its node, find the changes in the events and the audit log', async ({ page }) => {
  test.setTimeout(180_000);
  const rows = page.getByTestId('event-row');

  await test.step(`sign in, then make ${network} on ${host} and ${container} on it`, async () => {
    await signInWithHosts(page, [host]);
    await createNetwork(page, { name: network, driver: 'bridge', host, subnet });
    await createContainer(page, { image: 'switchyard/whoami', name: container, networks: [network] });
  });

  await test.step('the network page shows its container with host and address, and each host ready', async () => {
    await page.goto(`/networks/${network}`);
    const endpoint = page.getByTestId(`endpoint-row-${container}`);
    await expect(endpoint).toContainText(host);
    await expect(endpoint).toContainText(/10\.233\.0\.\d+\/24/);
    const hostRow = page.getByTestId(`host-row-${host}`);
    await expect(hostRow).toHaveAttribute('data-ready', 'true');
    await expect(hostRow.getByTestId('host-state')).toContainText('ready');
    await expect(hostRow).toContainText(/\d+ s ago|min ago/);
    await expect(page.getByTestId('network-counts')).toContainText('1/1 hosts ready');
    await expect(page.getByTestId('network-events').locator('[data-kind="network.created"]')).toContainText(
      `admin created network ${network}`,
    );
    await expect(page.getByRole('heading', { name: 'Services' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Tasks' })).toBeVisible();
    await page.screenshot({ path: artifact('network-inspect.png'), fullPage: true });
  });

  await test.step(`the host leads to ${host}'s page: its networks, containers and agent events`, async () => {
    await page.getByTestId(`host-row-${host}`).getByRole('link', { name: host }).click();
    await expect(page).toHaveURL(new RegExp(`/nodes/${host}$`));
    await expect(page.getByRole('heading', { level: 1, name: host })).toBeVisible();
    await expect(page.getByTestId('node-status')).toHaveText('ready');
    // The agent proves itself with a certificate from the cluster CA; its serial is shown.
    await expect(page.getByTestId('node-certificate-serial')).toHaveText(/^[0-9A-F]{8,}$/);
    await expect(page.getByTestId(`node-network-${network}`)).toContainText('ready');
    await expect(page.getByTestId(`node-container-${container}`)).toContainText('running');
    await expect(page.getByTestId(`node-container-${container}`)).toContainText(/10\.233\.0\.\d+\/24/);
    await expect(page.getByRole('link', { name: 'Diagnose this host' })).toHaveAttribute(
      'href',
      `/diagnostics?host=${host}`,
    );
    await expect(page.getByTestId('node-events').locator('[data-kind="node.joined"]')).not.toHaveCount(0);
    await page.screenshot({ path: artifact('node-detail.png'), fullPage: true });
  });

  await test.step(`${container}'s page shows its host, its sandbox as the agent reported it, and its events`, async () => {
    await page.getByTestId(`node-container-${container}`).getByRole('link', { name: container }).click();
    await expect(page).toHaveURL(new RegExp(`/containers/${container}$`));
    await expect(page.getByTestId('sandbox-state')).toContainText('ready');
    const endpoint = page.getByTestId(`container-endpoint-${network}`);
    await expect(endpoint.getByTestId('endpoint-address')).toHaveText(/^10\.233\.0\.\d+\/24$/);
    await expect(endpoint).toContainText('ready');
    await expect(page.getByTestId('container-events').locator('[data-kind="container.created"]')).toHaveCount(
      1,
    );
    await page.screenshot({ path: artifact('container-inspect.png'), fullPage: true });
  });

  await test.step('the events page filters by actor and by kind', async () => {
    await nav(page).getByRole('link', { name: 'Events' }).click();
    await page.getByLabel('Actor').selectOption('actor:admin');
    await expect(page).toHaveURL(/actor=actor%3Aadmin/);
    await expect(
      rows.and(page.locator('[data-kind="network.created"]')).filter({ hasText: network }),
    ).toHaveCount(1);
    await expect(rows.and(page.locator(':not([data-actor="admin"])'))).toHaveCount(0);

    await page.getByLabel('Kind').selectOption('group:container');
    await expect(
      rows.and(page.locator('[data-kind="container.created"]')).filter({ hasText: container }),
    ).toHaveCount(1);
    await expect(rows.and(page.locator(':not([data-kind^="container."])'))).toHaveCount(0);

    await page.getByLabel('Kind').selectOption('network.created');
    await expect(rows.filter({ hasText: network })).toHaveCount(1);
    await expect(rows.and(page.locator(':not([data-kind="network.created"])'))).toHaveCount(0);

    // The agents' side: every node that joined, told by its own agent.
    await page.getByLabel('Kind').selectOption('all');
    await page.getByLabel('Actor').selectOption('class:agent');
    await expect(rows.and(page.locator(`[data-kind="node.joined"][data-actor="node:${host}"]`))).toHaveCount(
      1,
    );
    await expect(
      rows.and(page.locator(':not([data-actor^="node:"]):not([data-actor^="agent@"])')),
    ).toHaveCount(0);
  });

  await test.step('new events arrive live, marked; paused, they are held until resumed', async () => {
    await page.getByLabel('Actor').selectOption('actor:admin');
    await page.getByLabel('Kind').selectOption('group:container');
    // Created and started by the form; nothing since.
    await expect(rows.first()).toHaveAttribute('data-kind', 'container.started');
    await expect(rows.first()).toHaveAttribute('data-new', 'false');
    await mutate(page, 'containers.stop', { container, timeoutSeconds: 0 });
    await expect(rows.first()).toHaveAttribute('data-kind', 'container.stopped');
    await expect(rows.first()).toHaveAttribute('data-new', 'true');

    await page.getByRole('button', { name: 'Pause' }).click();
    await mutate(page, 'containers.start', { container });
    await expect(page.getByTestId('live-state')).toContainText('1 new event held');
    await expect(rows.first()).toHaveAttribute('data-kind', 'container.stopped');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(rows.first()).toHaveAttribute('data-kind', 'container.started');

    await page.getByLabel('Kind').selectOption('all');
    await expect(
      rows.and(page.locator('[data-kind="network.created"]')).filter({ hasText: network }),
    ).toHaveCount(1);
    await expect(rows.and(page.locator('[data-kind="auth.login"]'))).not.toHaveCount(0);
    await page.screenshot({ path: artifact('events-filtered.png'), fullPage: true });
  });

  await test.step('the audit log lists the changes with the user admin, and exports them', async () => {
    await nav(page).getByRole('link', { name: 'Audit' }).click();
    await expect(page).toHaveURL(/\/audit$/);
    const entries = page.getByTestId('audit-row');
    for (const [kind, subject] of [
      ['network.created', network],
      ['container.created', container],
      ['container.stopped', container],
      ['container.started', container],
      ['auth.login', 'admin'],
    ] as const) {
      const entry = entries
        .and(page.locator(`[data-kind="${kind}"]`))
        .filter({ hasText: subject })
        .first();
      await expect(entry.getByTestId('audit-user')).toHaveText('admin');
    }
    await expect(entries.and(page.locator('[data-kind^="agent."]'))).toHaveCount(0);

    await page.getByLabel('User').selectOption('actor:admin');
    await expect(entries.and(page.locator(':not([data-actor="admin"])'))).toHaveCount(0);
    await page.screenshot({ path: artifact('audit.png'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^switchyard-audit-.*\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('time,kind,severity,actor,source,subject,message');
    expect(csv).toContain(
      `network.created,info,admin,dashboard,${network},"admin created network ${network} (bridge, ${subnet}) on ${host}"`,
    );
    await expect(page.getByTestId('audit-export-status')).toContainText(/Exported \d+ entries/);
  });

  await test.step('remove what the test made', async () => {
    await removeContainers(page, [container]);
    await removeFromPage(page, 'networks', network);
  });
});
