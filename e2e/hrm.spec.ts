import { expect, test, type Page } from '@playwright/test';
import { request } from 'node:http';
import { labStatus, type LabHost } from './lab-status.js';
import { artifact, nav, openPanel, signIn } from './console.js';
import { e2eStack } from './stack.js';

const serviceName = 'hrmweb';
const hostname = 'foo.example.com';
const unroutedHostname = 'bar.example.com';
const meshNetwork = 'hrm';
const [host1] = e2eStack.hostNames;

/**
 * The lab hosts whose agent runs: nodes.spec kills host2's agent and the specs run in either order,
 * and a host without its agent has no proxy to be ready (it shows down, if at all).
 */
function servingHosts(): LabHost[] {
  return labStatus().filter((host) => host.agentRunning);
}

/**
 * `GET /` on port 80 of a lab host with the given Host header, as `status body`, or why it failed.
 * node:http rather than fetch: fetch treats Host as a forbidden header and sends the URL's instead.
 */
function getWithHost(address: string, host: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: address, port: 80, path: '/', headers: { host }, timeout: 2_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(`${res.statusCode ?? 0} ${body}`));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => resolve(`unreachable: ${error.message}`));
    req.end();
  });
}

const countOf = async (page: Page, testId: string, scope: string): Promise<number> =>
  Number(
    (await page.getByTestId(scope).getByTestId(testId).first().textContent())?.replace(/\D/g, '') || '0',
  );

test('an operator routes a hostname to a service and every host answers for it on port 80', async ({
  page,
}) => {
  test.setTimeout(300_000);

  await test.step(`sign in and wait for ${host1}`, async () => {
    await signIn(page);
    await expect(page.getByTestId(`node-row-${host1}`).getByTestId('node-status')).toHaveText('ready', {
      timeout: 90_000,
    });
  });

  await test.step(`create ${serviceName} on the ${meshNetwork} network with two replicas`, async () => {
    await nav(page).getByRole('link', { name: 'Services' }).click();
    await openPanel(page, 'Create service');
    const form = page.getByRole('form', { name: 'Create service' });
    await form.getByLabel('Name', { exact: true }).fill(serviceName);
    await form.getByLabel('Image', { exact: true }).selectOption('switchyard/whoami');
    await form.getByLabel('Replicas', { exact: true }).fill('2');
    await form.getByRole('checkbox', { name: new RegExp(`^${meshNetwork} `) }).check();
    await form.getByRole('button', { name: 'Create service' }).click();
    await page.getByRole('status').getByRole('link', { name: serviceName }).click();
    await expect(page).toHaveURL(new RegExp(`/services/${serviceName}$`));
    await expect(page.getByTestId('service-running-text')).toHaveText('2/2', { timeout: 90_000 });
  });

  await test.step(`assign ${hostname} on the service's page`, async () => {
    const form = page.getByRole('form', { name: 'Add hostname' });
    const field = form.getByLabel('Hostname');
    // Checked as the operator types, with the contracts' own words.
    await field.fill('foo..example.com');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(/empty label/);
    await field.fill(hostname);
    await expect(field).not.toHaveAttribute('aria-invalid');
    // No published port: the route defaults to HTTP's 80.
    await expect(form.getByLabel('Port')).toHaveValue('80');
    await form.getByRole('button', { name: 'Add hostname' }).click();
    await expect(page.getByTestId(`hostname-row-${hostname}`)).toBeVisible();
  });

  const hosts = servingHosts();
  await test.step('the route becomes ready on every host, live', async () => {
    expect(hosts.length, 'lab hosts with a running agent').toBeGreaterThan(0);
    const row = page.getByTestId(`hostname-row-${hostname}`);
    for (const host of hosts) {
      await expect(row.getByTestId(`route-host-${host.name}`)).toHaveAttribute('data-state', 'ready', {
        timeout: 60_000,
      });
    }
    await expect(row.getByTestId('route-routable')).toBeVisible();
    await expect(page.getByTestId('service-route-reason')).toHaveCount(0);
    await page.screenshot({ path: artifact('hrm-service-hostnames.png'), fullPage: true });
  });

  await test.step(`port 80 of every host answers for ${hostname}, and 503 for ${unroutedHostname}`, async () => {
    for (const host of hosts) {
      await expect
        .poll(() => getWithHost(host.underlayAddress, hostname), { timeout: 20_000, intervals: [500] })
        .toContain(`Hostname: ${serviceName}.`);
      await expect
        .poll(async () => (await getWithHost(host.underlayAddress, unroutedHostname)).split(' ')[0], {
          timeout: 10_000,
          intervals: [500],
        })
        .toBe('503');
    }
  });

  await test.step('the Routes page lists the route, and its counters rise as requests arrive', async () => {
    await nav(page).getByRole('link', { name: 'Routes' }).click();
    const rowId = `route-row-${hostname}`;
    const row = page.getByTestId(rowId);
    await expect(row).toContainText(serviceName);
    await expect(row).toContainText('made here');
    await expect(row.getByTestId('route-routable')).toBeVisible();
    // The counters come with the agents' heartbeats: the requests above show up within a few seconds.
    await expect
      .poll(() => countOf(page, 'route-requests', rowId), { timeout: 30_000, intervals: [1_000] })
      .toBeGreaterThan(0);
    const before = await countOf(page, 'route-requests', rowId);
    const [first] = hosts;
    if (!first) throw new Error('no lab host to send requests to');
    for (let sent = 0; sent < 5; sent += 1) {
      expect(await getWithHost(first.underlayAddress, hostname)).toContain(`Hostname: ${serviceName}.`);
    }
    // No reload: the page refreshes its counters every 2 s while it is open.
    await expect
      .poll(() => countOf(page, 'route-requests', rowId), { timeout: 30_000, intervals: [1_000] })
      .toBeGreaterThanOrEqual(before + 5);
    await expect.poll(() => countOf(page, 'route-status-2xx', rowId)).toBeGreaterThan(0);
    await page.screenshot({ path: artifact('hrm-routes.png'), fullPage: true });
  });

  await test.step('the topology draws the routing mesh with an edge to the service', async () => {
    await nav(page).getByRole('link', { name: 'Topology' }).click();
    const mesh = page.getByTestId('topo-mesh');
    await expect(mesh).toBeVisible();
    await expect(page.getByTestId(`topo-mesh-link-${serviceName}`)).toHaveCount(1);
    await expect(page.getByTestId(`topo-service-${serviceName}`)).toHaveAttribute('data-replicas', '2/2');
    await mesh.locator('rect').hover();
    await expect(page.getByTestId('topo-hover-card')).toContainText(hostname);
    await page.screenshot({ path: artifact('hrm-topology.png'), fullPage: true });
  });

  await test.step('remove the route, then the service', async () => {
    await nav(page).getByRole('link', { name: 'Routes' }).click();
    const row = page.getByTestId(`route-row-${hostname}`);
    await row.getByRole('button', { name: 'Remove', exact: true }).click();
    await row.getByRole('button', { name: `Remove ${hostname}` }).click();
    await expect(row).toHaveCount(0, { timeout: 15_000 });

    await page.goto(`/services/${serviceName}`);
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('button', { name: `Remove ${serviceName}` }).click();
    await expect(page).toHaveURL(/\/services$/);
    await expect(page.getByTestId(`service-row-${serviceName}`)).toHaveCount(0);
  });
});
