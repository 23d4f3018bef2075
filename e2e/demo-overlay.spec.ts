import { expect, test } from '@playwright/test';
import {
  addressOn,
  cleanUpAfterEach,
  createContainer,
  createNetwork,
  demoHosts,
  expectHoverCard,
  expectInsideHost,
  expectPingAndCurl,
  openTopology,
  removeContainers,
  removeFromPage,
  saveTopology,
  signInStep,
} from './demo-support.js';

// The deck's overlay demo: one VXLAN network across hosts, and containers on two of them that talk
// to each other by name as if they shared a switch.

const [host1, host3] = demoHosts;
const network = 'demo-ov-net';
const toolbox = 'demo-ov-tool';
const web = 'demo-ov-web';

cleanUpAfterEach({ containers: [toolbox, web], networks: [network] });

test('overlay: containers on two hosts talk by name across one overlay network', async ({ page }) => {
  test.setTimeout(120_000);

  await signInStep(page, [host1, host3]);

  await test.step(`create the attachable overlay ${network}`, async () => {
    await createNetwork(page, { name: network, driver: 'overlay', attachable: true });
    await expect(page.getByTestId(`network-row-${network}`)).toContainText('swarm');
  });

  await test.step(`run ${toolbox} on ${host1} and ${web} on ${host3}, both on ${network}`, async () => {
    await createContainer(page, {
      image: 'switchyard/toolbox',
      name: toolbox,
      host: host1,
      networks: [network],
    });
    await createContainer(page, { image: 'switchyard/whoami', name: web, host: host3, networks: [network] });
  });

  await test.step(`${toolbox} on ${host1} pings and curls ${web} on ${host3} by name`, async () => {
    const address = await addressOn(page, web, network);
    await expectPingAndCurl(toolbox, web, { replyFrom: address, hostname: web, timeout: 20_000 });
  });

  await test.step('the topology shows one overlay spanning both hosts, a container in each', async () => {
    await openTopology(page, [network]);
    const overlay = page.getByTestId(`topo-network-${network}`);
    await expect(overlay).toHaveCount(1);
    await expect(overlay).toHaveAttribute('data-status', 'ready', { timeout: 20_000 });
    for (const host of [host1, host3]) {
      await expect(page.getByTestId(`topo-vtep-${network}-${host}`)).toBeVisible();
    }
    for (const [name, host] of [
      [toolbox, host1],
      [web, host3],
    ] as const) {
      const container = page.getByTestId(`topo-container-${name}`);
      await expect(container).toHaveAttribute('data-status', 'running');
      await expectInsideHost(page, container, host, name);
    }
    // The band itself, not the group: its box also spans the tunnels up to the VTEPs. Its card would
    // cover a host in the picture, so it is checked and then left.
    await expectHoverCard(page, overlay.locator('rect').first(), `${host1}, ${host3}`);
    await saveTopology(page, 'overlay');
  });

  await test.step('remove the containers, then the overlay', async () => {
    await removeContainers(page, [toolbox, web]);
    await removeFromPage(page, 'networks', network);
  });
});
