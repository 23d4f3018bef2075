import { expect, test } from '@playwright/test';
import {
  addressOn,
  cleanUpAfterEach,
  createContainer,
  createNetwork,
  curlIn,
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
  underlayOf,
} from './demo-support.js';

// The deck's bridge demo: a user-defined bridge on one host, two containers on it that find each other
// by name through the embedded DNS, and a published port that answers at the host's address.

const [host, otherHost] = demoHosts;
const network = 'demo-br-net';
const web = 'demo-br-web';
const toolbox = 'demo-br-tool';
const client = 'demo-br-client';
const publishedPort = 8091;

cleanUpAfterEach({ containers: [web, toolbox, client], networks: [network] });

test('bridge: two containers on a user-defined bridge talk by name, and a published port answers', async ({
  page,
}) => {
  test.setTimeout(120_000);

  await signInStep(page, [host, otherHost]);

  await test.step(`create the bridge ${network} on ${host}`, async () => {
    await createNetwork(page, { name: network, driver: 'bridge', host });
  });

  await test.step(`run ${web} (-p ${publishedPort}:80) and ${toolbox} on it`, async () => {
    await createContainer(page, {
      image: 'switchyard/whoami',
      name: web,
      networks: [network],
      ports: `${publishedPort}:80`,
    });
    await createContainer(page, { image: 'switchyard/toolbox', name: toolbox, networks: [network] });
    await expect(page.getByTestId(`container-row-${web}`)).toContainText(host);
    await expect(page.getByTestId(`container-row-${toolbox}`)).toContainText(host);
  });

  await test.step(`${toolbox} pings and curls ${web} by name`, async () => {
    const address = await addressOn(page, web, network);
    // The embedded DNS answers the name with the address the dashboard shows.
    await expectPingAndCurl(toolbox, web, { replyFrom: address, hostname: web });
  });

  await test.step(`the published port answers at ${host}'s address, from ${otherHost} and from outside`, async () => {
    const address = underlayOf(host);
    const url = `http://${address}:${publishedPort}/`;
    // A toolbox on the other host's default bridge: the request leaves that host over the underlay.
    await createContainer(page, { image: 'switchyard/toolbox', name: client, host: otherHost, networks: [] });
    await expect
      .poll(() => curlIn(client, url), { timeout: 15_000, intervals: [500] })
      .toContain(`Hostname: ${web}`);
    expect(await getFromOutside(address, publishedPort)).toContain(`Hostname: ${web}`);
  });

  await test.step('the topology shows the bridge in its host, both containers on it and the published port', async () => {
    await openTopology(page, [network]);
    await expect(page.getByTestId(`topo-network-${network}`)).toBeVisible();
    for (const name of [web, toolbox]) {
      await expect(page.getByTestId(`topo-container-${name}`)).toHaveAttribute('data-status', 'running');
    }
    for (const testId of [`topo-network-${network}`, `topo-container-${web}`, `topo-container-${toolbox}`]) {
      await expectInsideHost(page, page.getByTestId(testId), host, testId);
    }
    // The map prints the published port under the container; its card spells it out.
    const webNode = page.getByTestId(`topo-container-${web}`);
    await expect(webNode).toContainText(`${publishedPort}`);
    await expectHoverCard(page, webNode, `0.0.0.0:${publishedPort}->80/tcp`);
    await saveTopology(page, 'bridge');
  });

  await test.step('remove the containers, then the network', async () => {
    await removeContainers(page, [client, toolbox, web]);
    await removeFromPage(page, 'networks', network);
  });
});
