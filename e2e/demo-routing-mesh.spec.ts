import { expect, test } from '@playwright/test';
import {
  cleanUpAfterEach,
  createService,
  getFromOutside,
  openTopology,
  removeFromPage,
  saveTopology,
  servingHosts,
  signInWithHosts,
} from './demo-support.js';

// The deck's routing mesh demo: a service published on one port swarm-wide, with fewer tasks than
// hosts; an outside client (the deck's load balancer: here the test process, on the underlay) gets an
// answer from every host, the one without a task included, and the requests reach every task.

const service = 'demo-rm';
const publishedPort = 8092;
/** The routing mesh's overlay, which the control plane creates on every host. */
const ingressNetwork = 'ingress';

cleanUpAfterEach({ services: [service] });

test('routing mesh: the published port answers on every host, including one without a task', async ({
  page,
}) => {
  test.setTimeout(120_000);

  const hosts = servingHosts();
  // The last host is kept free of tasks by a placement constraint, so the demo is the same every run.
  const empty = hosts.at(-1);
  const replicas = hosts.length - 1;
  if (empty === undefined || replicas < 1) throw new Error('the routing mesh demo needs two lab hosts');

  await test.step('sign in and wait for the hosts', async () => {
    await signInWithHosts(
      page,
      hosts.map((host) => host.name),
    );
  });

  await test.step(`create ${service}: ${replicas} replicas, ${publishedPort}:80 on the mesh, none on ${empty.name}`, async () => {
    await createService(page, {
      name: service,
      replicas,
      networks: [],
      ports: `${publishedPort}:80`,
      constraints: `node.hostname!=${empty.name}`,
    });
    await expect(page.getByText(`*:${publishedPort}->80/tcp`).first()).toBeVisible();
    await expect(page.getByTestId(`task-node-${empty.name}`)).toHaveCount(0);
    const running = page.locator(`[data-testid^="task-row-${service}."][data-desired="running"]`);
    await expect(running).toHaveCount(replicas);
  });

  await test.step(`port ${publishedPort} answers on every host, ${empty.name} included`, async () => {
    for (const host of hosts) {
      await expect
        .poll(() => getFromOutside(host.underlayAddress, publishedPort), {
          timeout: 20_000,
          intervals: [500],
        })
        .toContain(`Hostname: ${service}.`);
    }
  });

  await test.step(`requests to ${empty.name} reach all ${replicas} tasks`, async () => {
    const names = new Set<string>();
    await expect
      .poll(
        async () => {
          const answer = await getFromOutside(empty.underlayAddress, publishedPort);
          const name = /Hostname: (\S+)/.exec(answer)?.[1];
          if (name !== undefined) names.add(name);
          return names.size;
        },
        { timeout: 20_000, intervals: [100] },
      )
      .toBe(replicas);
  });

  await test.step('the topology shows the ingress mesh on every host, and the tasks on all but one', async () => {
    // The ingress network's view rather than the service's: that one leaves out the host without a task.
    await openTopology(page, [ingressNetwork]);
    await expect(page.locator('[data-testid^="topo-network-"][data-ingress="true"]')).toHaveCount(1);
    for (const host of hosts) {
      await expect(page.getByTestId(`topo-vtep-${ingressNetwork}-${host.name}`)).toBeVisible();
    }
    const node = page.getByTestId(`topo-service-${service}`);
    await expect(node).toHaveAttribute('data-replicas', `${replicas}/${replicas}`);
    await expect(page.locator(`[data-testid^="topo-task-${service}."]`)).toHaveCount(replicas);
    await expect(node).toContainText(`*:${publishedPort}->80/tcp`);
    await saveTopology(page, 'routing-mesh');
  });

  await test.step('remove the service', async () => {
    await removeFromPage(page, 'services', service);
  });
});
