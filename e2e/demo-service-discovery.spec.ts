import { expect, test } from '@playwright/test';
import {
  cleanUpAfterEach,
  createContainer,
  createNetwork,
  createService,
  digIn,
  openTopology,
  removeContainers,
  removeFromPage,
  saveTopology,
  signInWithHosts,
  whoamiNamesIn,
} from './demo-support.js';
import { e2eStack } from './stack.js';

// The deck's service discovery demo: a service's name resolves to its VIP, `tasks.<service>` to every
// task, and the VIP balances new connections across all of them, seen from a toolbox on the network.

const [host1] = e2eStack.hostNames;
const network = 'demo-sd-net';
const service = 'demo-sd';
const toolbox = 'demo-sd-tool';
const replicas = 3;

cleanUpAfterEach({ services: [service], containers: [toolbox], networks: [network] });

test('service discovery: the VIP and tasks.<service> from a toolbox, and the VIP reaches every task', async ({
  page,
}) => {
  test.setTimeout(120_000);

  await test.step(`sign in and wait for ${host1}`, async () => {
    await signInWithHosts(page, [host1]);
  });

  await test.step(`create the overlay ${network} and ${service} with ${replicas} replicas on it`, async () => {
    await createNetwork(page, { name: network, driver: 'overlay', attachable: true });
    await createService(page, { name: service, replicas, networks: [network] });
  });

  await test.step(`run ${toolbox} on ${network}`, async () => {
    await createContainer(page, {
      image: 'switchyard/toolbox',
      name: toolbox,
      host: host1,
      networks: [network],
    });
  });

  let vip = '';
  await test.step(`dig ${service} gives the VIP the service's page shows`, async () => {
    await expect
      .poll(async () => (await digIn(toolbox, service)).length, { timeout: 15_000, intervals: [500] })
      .toBe(1);
    [vip = ''] = await digIn(toolbox, service);
    await page.goto(`/services/${service}`);
    await expect(page.getByRole('main')).toContainText(`VIP on ${network}`);
    await expect(page.getByText(vip, { exact: true }).first()).toBeVisible();
  });

  await test.step(`dig tasks.${service} gives the ${replicas} task addresses`, async () => {
    await expect
      .poll(async () => (await digIn(toolbox, `tasks.${service}`)).length, {
        timeout: 15_000,
        intervals: [500],
      })
      .toBe(replicas);
    const tasks = await digIn(toolbox, `tasks.${service}`);
    expect(tasks).not.toContain(vip);
    const rows = page.locator(`[data-testid^="task-row-${service}."][data-desired="running"]`);
    await expect(rows).toHaveCount(replicas);
    for (const address of tasks) await expect(rows.filter({ hasText: address })).toHaveCount(1);
  });

  await test.step(`curl to the VIP reaches all ${replicas} tasks`, async () => {
    await expect
      .poll(async () => new Set(await whoamiNamesIn(toolbox, `http://${vip}/`, 24)).size, {
        timeout: 30_000,
        intervals: [500],
      })
      .toBe(replicas);
    for (const name of await whoamiNamesIn(toolbox, `http://${vip}/`, 3)) {
      expect(name.startsWith(`${service}.`), name).toBe(true);
    }
  });

  await test.step('the topology shows the service with its VIP, its tasks and the toolbox on the network', async () => {
    await openTopology(page, [network]);
    const node = page.getByTestId(`topo-service-${service}`);
    await expect(node).toHaveAttribute('data-replicas', `${replicas}/${replicas}`);
    await expect(node).toContainText(vip);
    await expect(page.locator(`[data-testid^="topo-task-${service}."]`)).toHaveCount(replicas);
    await expect(page.getByTestId(`topo-container-${toolbox}`)).toHaveAttribute('data-status', 'running');
    await saveTopology(page, 'service-discovery');
  });

  await test.step('remove the toolbox and the service, then the overlay', async () => {
    await removeContainers(page, [toolbox]);
    await removeFromPage(page, 'services', service);
    await removeFromPage(page, 'networks', network);
  });
});
