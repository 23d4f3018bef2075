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
  getFromOutside,
  openTopology,
  removeContainers,
  removeFromPage,
  saveTopology,
  signInStep,
} from './demo-support.js';
import { e2eStack } from './stack.js';

// The deck's macvlan demo: containers plumbed straight into the underlay, each with its own MAC and an
// address on the hosts' own subnet, reachable without port mapping and without a Linux bridge.
// Macvlan is a local driver, as in Docker: one network on each host, sharing the underlay's subnet
// with disjoint ranges so the two hosts never hand out the same address.

const [host1, host3] = demoHosts;
// The lab's hosts hang off their underlay switch by eth0; the root namespace (.1) is its router.
const parent = 'eth0';
const subnet = e2eStack.labSubnet;
const underlay = subnet.replace(/0\/24$/, '');
const gateway = `${underlay}1`;
// Each host hands out 16 addresses from its own range: .64-.79 and .80-.95.
const sides = [
  { host: host1, network: 'demo-mv1', firstHost: 64, container: 'demo-mv-tool' },
  { host: host3, network: 'demo-mv3', firstHost: 80, container: 'demo-mv-web' },
] as const;
const [toolboxSide, webSide] = sides;
const ipRange = (side: (typeof sides)[number]) => `${underlay}${side.firstHost}/28`;
const inRange = (address: string, side: (typeof sides)[number]): boolean => {
  const last = Number(address.slice(underlay.length));
  return address.startsWith(underlay) && last >= side.firstHost && last < side.firstHost + 16;
};

cleanUpAfterEach({
  containers: sides.map((side) => side.container),
  networks: sides.map((side) => side.network),
});

test('macvlan: containers on two hosts sit on the underlay subnet and reach each other', async ({ page }) => {
  test.setTimeout(120_000);

  await signInStep(page, [host1, host3]);

  await test.step(`create a macvlan on ${parent} of ${host1} and of ${host3}, on ${subnet}`, async () => {
    for (const side of sides) {
      await createNetwork(page, {
        name: side.network,
        driver: 'macvlan',
        host: side.host,
        subnet,
        ipRange: ipRange(side),
        gateway,
        parent,
      });
    }
  });

  await test.step('run a toolbox on one and a whoami on the other', async () => {
    await createContainer(page, {
      image: 'switchyard/toolbox',
      name: toolboxSide.container,
      networks: [toolboxSide.network],
    });
    await createContainer(page, {
      image: 'switchyard/whoami',
      name: webSide.container,
      networks: [webSide.network],
    });
    for (const side of sides) {
      await expect(page.getByTestId(`container-row-${side.container}`)).toContainText(side.host);
    }
  });

  const addresses = new Map<string, string>();
  await test.step('each has an address of its range, on the underlay subnet', async () => {
    for (const side of sides) {
      const address = await addressOn(page, side.container, side.network);
      expect(inRange(address, side), `${address} in ${ipRange(side)}`).toBe(true);
      addresses.set(side.container, address);
    }
  });

  await test.step(`${toolboxSide.container} on ${host1} reaches ${webSide.container} on ${host3}`, async () => {
    const web = addresses.get(webSide.container) ?? '';
    await expectPingAndCurl(toolboxSide.container, web, { replyFrom: web, hostname: webSide.container });
  });

  await test.step('a machine on the underlay reaches the container directly, without a published port', async () => {
    const web = addresses.get(webSide.container) ?? '';
    await expect
      .poll(() => getFromOutside(web, 80), { timeout: 10_000, intervals: [500] })
      .toContain(`Hostname: ${webSide.container}`);
  });

  await test.step(`the topology shows each macvlan on ${parent} of its host, with its container`, async () => {
    await openTopology(
      page,
      sides.map((side) => side.network),
    );
    for (const side of sides) {
      const network = page.getByTestId(`topo-network-${side.network}`);
      await expect(network).toHaveAttribute('data-status', 'ready');
      await expect(network).toContainText(`on ${parent}`);
      await expect(page.getByTestId(`topo-container-${side.container}`)).toHaveAttribute(
        'data-status',
        'running',
      );
      await expectInsideHost(page, network, side.host, side.network);
    }
    // The whoami's card, which stays in the picture: its address on the underlay.
    await expectHoverCard(
      page,
      page.getByTestId(`topo-container-${webSide.container}`),
      addresses.get(webSide.container) ?? '',
    );
    await saveTopology(page, 'macvlan', { keepCard: true });
  });

  await test.step('remove the containers, then both networks', async () => {
    await removeContainers(
      page,
      sides.map((side) => side.container),
    );
    for (const side of sides) await removeFromPage(page, 'networks', side.network);
  });
});
