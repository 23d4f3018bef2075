import { expect, test, type Page } from '@playwright/test';
import { signIn } from './console.js';
import { e2eStack } from './stack.js';

// Issue 15: containers of a docker-compose project show as such in the dashboard: a Compose column
// and filter on the Containers page, and a chip on the container's page. The e2e stack serves the
// Engine API over TLS only, so the containers get the labels docker-compose gives (its own run
// against the Engine API is integration/compose/compose.integration.test.ts).

const project = 'e2eshop';
const [host] = e2eStack.hostNames;
const containers = [
  { name: `${project}_web_1`, service: 'web', image: 'switchyard/whoami' },
  { name: `${project}_tool_1`, service: 'tool', image: 'switchyard/toolbox' },
];
const loner = 'e2e-not-compose';

const composeLabels = (service: string) => ({
  'com.docker.compose.project': project,
  'com.docker.compose.service': service,
  'com.docker.compose.container-number': '1',
  'com.docker.compose.oneoff': 'False',
  'com.switchyard.node': host,
});

async function mutate(page: Page, procedure: string, input: object): Promise<void> {
  const response = await page.request.post(`/trpc/${procedure}`, { data: input, failOnStatusCode: false });
  if (!response.ok())
    throw new Error(`${procedure} refused (${response.status()}): ${await response.text()}`);
}

test.afterEach(async ({ page }) => {
  for (const container of [...containers.map((c) => c.name), loner])
    await page.request.post('/trpc/containers.remove', {
      data: { container, force: true },
      failOnStatusCode: false,
    });
});

test('a compose project shows its project and services on the Containers page and the container page', async ({
  page,
}) => {
  test.setTimeout(120_000);

  await test.step('sign in and create two containers as docker-compose labels them, and one not', async () => {
    await signIn(page);
    for (const { name, service, image } of containers)
      await mutate(page, 'containers.create', { name, image, labels: composeLabels(service) });
    await mutate(page, 'containers.create', {
      name: loner,
      image: 'switchyard/toolbox',
      labels: { 'com.switchyard.node': host },
    });
  });

  await test.step('the Containers page shows the project and service, and filters by project', async () => {
    await page.getByRole('link', { name: 'Containers' }).click();
    for (const { name, service } of containers)
      await expect(page.getByTestId(`container-row-${name}`).getByTestId('compose-chip')).toHaveText(
        `${project} · ${service}`,
      );
    await expect(page.getByTestId(`container-row-${loner}`).getByTestId('compose-chip')).toHaveCount(0);
    const filter = page.getByLabel('Compose project');
    await filter.selectOption(project);
    await expect(page.getByTestId(`container-row-${loner}`)).toHaveCount(0);
    await expect(page.getByTestId(`container-row-${project}_web_1`)).toBeVisible();
    await filter.selectOption({ label: 'None (not from compose)' });
    await expect(page.getByTestId(`container-row-${project}_web_1`)).toHaveCount(0);
    await expect(page.getByTestId(`container-row-${loner}`)).toBeVisible();
    await filter.selectOption({ label: 'Any' });
  });

  await test.step("the container's page carries the chip", async () => {
    await page.getByRole('link', { name: `${project}_web_1` }).click();
    await expect(page).toHaveURL(new RegExp(`/containers/${project}_web_1$`));
    await expect(page.getByTestId('compose-chip')).toHaveText(`${project} · web`);
  });
});
