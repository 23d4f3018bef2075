import { expect, test } from '@playwright/test';
import {
  cleanUpAfterEach,
  createService,
  expectHoverCard,
  getFromOutside,
  openTopology,
  removeFromPage,
  saveTopology,
  servingHosts,
  signInWithHosts,
} from './demo-support.js';
import { nav } from './console.js';

// The deck's HRM demo: a service on the routing mesh's network gets a hostname from the dashboard;
// port 80 of every host then routes requests with that Host header to the service's tasks, and
// answers any other hostname with 503.

const service = 'demo-hrm';
const hostname = 'demo-hrm.example.com';
const unknownHostname = 'nobody.example.com';
const meshNetwork = 'hrm';
const replicas = 2;

cleanUpAfterEach({ services: [service] });

test('HRM: a hostname assigned in the dashboard is answered on port 80 of every host', async ({ page }) => {
  test.setTimeout(120_000);

  const hosts = servingHosts();

  await test.step('sign in and wait for the hosts', async () => {
    await signInWithHosts(
      page,
      hosts.map((host) => host.name),
    );
  });

  await test.step(`create ${service} on the ${meshNetwork} network with ${replicas} replicas`, async () => {
    await createService(page, { name: service, replicas, networks: [meshNetwork] });
  });

  await test.step(`assign ${hostname} in the service's Hostnames section`, async () => {
    const form = page.getByRole('form', { name: 'Add hostname' });
    await form.getByLabel('Hostname').fill(hostname);
    await expect(form.getByLabel('Port')).toHaveValue('80');
    await form.getByRole('button', { name: 'Add hostname' }).click();
    const row = page.getByTestId(`hostname-row-${hostname}`);
    for (const host of hosts) {
      await expect(row.getByTestId(`route-host-${host.name}`)).toHaveAttribute('data-state', 'ready', {
        timeout: 30_000,
      });
    }
  });

  await test.step(`port 80 of every host answers for ${hostname} from a task, and 503 for ${unknownHostname}`, async () => {
    for (const host of hosts) {
      await expect
        .poll(() => getFromOutside(host.underlayAddress, 80, hostname), { timeout: 20_000, intervals: [500] })
        .toMatch(new RegExp(`^200 [^]*Hostname: ${service}\\.`));
      expect((await getFromOutside(host.underlayAddress, 80, unknownHostname)).split(' ')[0]).toBe('503');
    }
  });

  await test.step('the topology shows the HTTP routing mesh routing the hostname to the service', async () => {
    // The mesh network's view rather than the service's: that one leaves out hosts without a task.
    await openTopology(page, [meshNetwork]);
    for (const host of hosts) {
      await expect(page.getByTestId(`topo-vtep-${meshNetwork}-${host.name}`)).toBeVisible();
    }
    await expect(page.getByTestId('topo-mesh')).toBeVisible();
    await expect(page.getByTestId(`topo-mesh-link-${service}`)).toHaveCount(1);
    await expect(page.getByTestId(`topo-service-${service}`)).toHaveAttribute(
      'data-replicas',
      `${replicas}/${replicas}`,
    );
    await expect(page.locator(`[data-testid^="topo-task-${service}."]`)).toHaveCount(replicas);
    // Its card would cover a host in the picture: checked, then left.
    await expectHoverCard(page, page.getByTestId('topo-mesh').locator('rect').first(), hostname);
    await saveTopology(page, 'hrm');
  });

  await test.step('remove the service: its hostname goes with it', async () => {
    await removeFromPage(page, 'services', service);
    await nav(page).getByRole('link', { name: 'Routes' }).click();
    await expect(page.getByTestId(`route-row-${hostname}`)).toHaveCount(0);
  });
});
