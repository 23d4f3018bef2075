import { expect, test, type Page } from '@playwright/test';
import { artifact, signIn } from './console.js';
import { e2eStack } from './stack.js';

// Every page at a laptop's 1280×800 and a phone's 390×844, with real objects in its tables (long names,
// long event messages): neither the page nor any table's frame may scroll sideways, and nothing may be
// clipped inside a scroller. One screenshot of each page at each width goes to the artifacts.

const [host] = e2eStack.hostNames;
const network = 'e2e-layout-a-bridge-network-with-a-long-name-for-the-tables';
const overlay = 'e2e-layout-an-overlay-network-with-a-long-name-too';
const container = 'e2e-layout-a-container-whose-name-is-long-enough-to-stretch';
const service = 'e2e-layout-a-service-with-a-long-name-on-the-overlay';
const hostname = 'a-rather-long-hostname-for-the-routes-table.layout.e2e.example.com';
const username = 'e2e-layout-user-with-a-long-name';
const subnet = '10.236.0.0/24';
const publishedPort = 8123;

const viewports = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** The pages, each with what shows it has loaded its rows. */
const pages: { path: string; heading: string | RegExp; ready?: (page: Page) => Promise<void> }[] = [
  { path: '/nodes', heading: 'Nodes', ready: (page) => rowVisible(page, `node-row-${host}`) },
  { path: `/nodes/${host}`, heading: host },
  { path: '/networks', heading: 'Networks', ready: (page) => rowVisible(page, `network-row-${network}`) },
  { path: `/networks/${network}`, heading: network },
  { path: `/networks/${overlay}`, heading: overlay },
  {
    path: '/containers',
    heading: 'Containers',
    ready: (page) => rowVisible(page, `container-row-${container}`),
  },
  { path: `/containers/${container}`, heading: container },
  { path: '/services', heading: 'Services', ready: (page) => rowVisible(page, `service-row-${service}`) },
  { path: `/services/${service}`, heading: service },
  { path: '/routes', heading: 'Routes' },
  { path: '/events', heading: 'Events', ready: (page) => rowVisible(page, 'event-row') },
  { path: '/audit', heading: 'Audit' },
  { path: '/health', heading: 'Health' },
  { path: '/images', heading: 'Images' },
  { path: '/users', heading: 'Users' },
  { path: '/profile', heading: 'Profile' },
  { path: '/topology', heading: 'Topology' },
  { path: '/diagnostics', heading: 'Diagnostics' },
];

async function rowVisible(page: Page, testId: string): Promise<void> {
  await expect(page.getByTestId(testId).first()).toBeVisible({ timeout: 30_000 });
}

/** A tRPC mutation with the signed-in session; throws with the server's reason when refused. */
async function mutate(page: Page, procedure: string, input: object): Promise<unknown> {
  const response = await page.request.post(`/trpc/${procedure}`, { data: input, failOnStatusCode: false });
  if (!response.ok())
    throw new Error(`${procedure} refused (${response.status()}): ${await response.text()}`);
  return response.json();
}

async function removeQuietly(page: Page, procedure: string, input: object): Promise<boolean> {
  const response = await page.request.post(`/trpc/${procedure}`, { data: input, failOnStatusCode: false });
  return response.ok() || response.status() === 404;
}

interface Overflow {
  what: string;
  scrollWidth: number;
  clientWidth: number;
}

/**
 * What scrolls or is clipped sideways: the page itself, every table's frame, and any other element
 * whose content is wider than its box, save those that scroll on purpose (code blocks, logs, the
 * terminal) or cut their text with an ellipsis and say it in full in a title.
 */
function measureOverflow(page: Page): Promise<Overflow[]> {
  return page.locator('html').evaluate((root) => {
    const found: { what: string; scrollWidth: number; clientWidth: number }[] = [];
    const view = root.ownerDocument.defaultView;
    if (root.scrollWidth > root.clientWidth) {
      found.push({ what: 'the page', scrollWidth: root.scrollWidth, clientWidth: root.clientWidth });
    }
    for (const element of root.querySelectorAll('main *')) {
      if (element.getClientRects().length === 0 || element.scrollWidth <= element.clientWidth + 1) continue;
      const style = view?.getComputedStyle(element);
      if (style === undefined || style.overflowX === 'visible' || style.clipPath !== 'none') continue;
      if (element.closest('pre, .json, .logs, .xterm, .command')) continue;
      if (style.textOverflow === 'ellipsis' && (element.getAttribute('title') ?? '') !== '') continue;
      const testId = element.closest('[data-testid]')?.getAttribute('data-testid');
      const heading = element.closest('section')?.querySelector('h2')?.textContent;
      const classes = (element.getAttribute('class') ?? '').split(' ').join('.');
      found.push({
        what: `${element.tagName.toLowerCase()}.${classes}${testId ? ` in ${testId}` : ''}${heading ? ` under "${heading}"` : ''}`,
        scrollWidth: element.scrollWidth,
        clientWidth: element.clientWidth,
      });
    }
    return found;
  });
}

/** Chips and badges, in the header and the page, that say nothing on hover: each should explain itself. */
function untitledBadges(page: Page): Promise<string[]> {
  return page
    .locator('html')
    .evaluate((root) =>
      [...root.querySelectorAll('.status-badge, .severity, .chip, .tag, .role-badge, .ix-state')]
        .filter(
          (badge) => badge.getClientRects().length > 0 && (badge.getAttribute('title') ?? '').trim() === '',
        )
        .map((badge) => `${badge.className} "${badge.textContent?.trim() ?? ''}"`),
    );
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await browser.newPage();
  await signIn(page);
  await expect(page.getByTestId(`node-row-${host}`).getByTestId('node-status')).toHaveText('ready', {
    timeout: 90_000,
  });
  await mutate(page, 'networks.create', {
    name: network,
    labels: { 'com.switchyard.node': host },
    ipam: [{ subnet }],
  });
  await mutate(page, 'networks.create', { name: overlay, driver: 'overlay', attachable: true });
  await mutate(page, 'containers.create', {
    name: container,
    image: 'switchyard/whoami',
    networks: [{ network, aliases: ['an-alias-that-is-also-rather-long'] }, { network: overlay }],
    ports: [{ hostIp: null, hostPort: publishedPort, containerPort: 80, protocol: 'tcp' }],
    labels: { 'com.example.a-long-label-key': 'and-a-long-label-value' },
  });
  await mutate(page, 'containers.start', { container });
  await mutate(page, 'services.create', {
    name: service,
    image: 'switchyard/whoami',
    replicas: 1,
    networks: [{ network: overlay }],
    constraints: [`node.hostname==${host}`],
  });
  await mutate(page, 'routes.create', { hostname, service, internalPort: 80 });
  await mutate(page, 'users.create', { username, password: 'a-layout-password-1', role: 'viewer' });
  await page.goto(`/services/${service}`);
  await expect(page.getByTestId('service-running-text')).toHaveText('1/1', { timeout: 60_000 });
  await page.close();
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page);
  await removeQuietly(page, 'routes.remove', { route: hostname });
  await removeQuietly(page, 'services.remove', { service });
  await removeQuietly(page, 'containers.remove', { container, force: true });
  for (const name of [network, overlay]) {
    // Endpoints of what was just removed may still be going: a refusal is retried for a few seconds.
    for (let attempt = 0; attempt < 15; attempt += 1) {
      if (await removeQuietly(page, 'networks.remove', { network: name })) break;
      await page.waitForTimeout(1_000);
    }
  }
  const users = (await (await page.request.get('/trpc/users.list')).json()) as {
    result: { data: { id: string; username: string }[] };
  };
  const user = users.result.data.find((candidate) => candidate.username === username);
  if (user !== undefined) await removeQuietly(page, 'users.remove', { id: user.id });
  await page.close();
});

test('every page fits 1280×800 and 390×844', async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page);
  for (const viewport of viewports) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    for (const target of pages) {
      await test.step(`${target.path} at ${viewport.width} px`, async () => {
        await page.goto(target.path);
        await expect(page.getByRole('heading', { level: 1, name: target.heading })).toBeVisible();
        await expect(page.getByRole('main').getByText(/^Loading/)).toHaveCount(0, { timeout: 15_000 });
        await target.ready?.(page);
        const slug = target.path.slice(1).replaceAll('/', '-');
        await page.screenshot({ path: artifact(`every-page-${viewport.name}-${slug}.png`), fullPage: true });
        const overflows = await measureOverflow(page);
        const tables = await page.locator('main .table-wrap').count();
        console.log(
          `${viewport.width}px ${target.path}: ${tables} tables, ${overflows.length} overflowing` +
            overflows.map((o) => `\n  ${o.what}: ${o.scrollWidth} px in ${o.clientWidth} px`).join(''),
        );
        expect.soft(overflows, `${target.path} at ${viewport.width} px`).toEqual([]);
        const untitled = await untitledBadges(page);
        if (untitled.length > 0) console.log(`  badges without a tooltip: ${untitled.join(', ')}`);
        expect.soft(untitled, `badges without a tooltip on ${target.path}`).toEqual([]);
      });
    }
  }
});
