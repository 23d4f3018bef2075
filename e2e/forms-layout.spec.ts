import { expect, test, type Locator, type Page } from '@playwright/test';
import { artifact, nav, openPanel, signIn } from './console.js';
import { e2eStack } from './stack.js';

// Everything on host1, in subnets no other spec uses; the spec removes what it made at the end.
const [host] = e2eStack.hostNames;
const networkName = 'e2e-forms';
const subnet = '10.231.0.0/24';
const serviceName = 'e2e-forms-svc';
const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 800 };

test.describe.configure({ mode: 'serial' });

/** Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user would; fails if it never does. */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let press = 0; press < 60; press += 1) {
    if (await target.evaluate((element) => element.matches(':focus'))) return;
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}

/** Whether the document is wider than the viewport (a page that scrolls sideways as a whole). */
const overflowsHorizontally = (page: Page) =>
  page.locator('html').evaluate((root) => root.scrollWidth > root.clientWidth);

async function waitForHost(page: Page): Promise<void> {
  await expect(page.getByTestId(`node-row-${host}`).getByTestId('node-status')).toHaveText('ready', {
    timeout: 90_000,
  });
}

test('keyboard only: create a network with an inline subnet check and follow it to ready', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page);
  await waitForHost(page);

  await test.step('the skip link is the first stop and jumps to the content', async () => {
    await page.reload();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.locator('main#main')).toBeFocused();
  });

  const form = page.getByRole('form', { name: 'Create network' });
  const name = form.getByLabel('Name', { exact: true });
  const subnetField = form.getByLabel('Subnet', { exact: true });

  await test.step('tab to Networks, where the create form is open on arrival', async () => {
    // From the content back up into the side nav.
    await tabTo(page, nav(page).getByRole('link', { name: 'Networks' }), 'Shift+Tab');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/networks$/);
    const summary = page.locator('summary', { hasText: 'Create network' });
    await expect(name).toBeVisible();
    // The open form takes no focus by itself: the summary comes first, then the form's Name.
    await tabTo(page, summary);
    await expect(summary).toHaveCSS('outline-style', 'solid');
    await page.keyboard.press('Tab');
    await expect(name).toBeFocused();
  });

  await test.step('an invalid subnet is refused as it is typed, then fixed', async () => {
    await page.keyboard.type(networkName);
    await page.keyboard.press('Tab'); // Driver: bridge
    await page.keyboard.press('Tab'); // Host
    await expect(form.getByLabel('Host', { exact: true })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(form.getByLabel('Host', { exact: true })).toHaveValue(host);
    await tabTo(page, form.getByRole('button', { name: 'Add subnet' }));
    await page.keyboard.press('Enter');
    await expect(subnetField).toBeFocused();

    await page.keyboard.type(subnet);
    await expect(subnetField).not.toHaveAttribute('aria-invalid');
    await page.keyboard.type('0'); // a /240
    await expect(subnetField).toHaveAttribute('aria-invalid', 'true');
    await expect(subnetField).toHaveAccessibleDescription(/CIDR/);
    await expect(form.getByTestId('field-error')).toBeVisible();

    await page.keyboard.press('Backspace');
    await expect(subnetField).toHaveValue(subnet);
    await expect(subnetField).not.toHaveAttribute('aria-invalid');
  });

  await test.step('Enter submits; the button says so while it waits; realisation goes to ready', async () => {
    // Hold the request a moment so the pending state is there to see.
    await page.route(
      '**/trpc/networks.create**',
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 800));
        await route.continue();
      },
      { times: 1 },
    );
    await page.keyboard.press('Enter');
    const submit = form.getByRole('button', { name: 'Creating…' });
    await expect(submit).toHaveAttribute('aria-disabled', 'true');

    const progress = page.getByTestId('network-progress');
    await expect(progress.getByRole('status')).toContainText(`Created network ${networkName}`);
    const onHost = progress.getByTestId(`realisation-${host}`);
    await expect(onHost).toHaveAttribute('data-phase', /pending|ready/);
    await expect(onHost).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
    await expect(progress.getByRole('status')).toContainText('ready on 1 host');
    await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '1');
    // The panel closed; focus went back to its summary, not to the page.
    await expect(page.locator('summary', { hasText: 'Create network' })).toBeFocused();
    await page.screenshot({ path: artifact('forms-network-progress.png'), fullPage: true });
  });

  await test.step("the new row's link is reachable by Tab", async () => {
    const link = page.getByTestId(`network-row-${networkName}`).getByRole('link', { name: networkName });
    await tabTo(page, link);
    await expect(link).toHaveCSS('outline-style', 'solid');
  });
});

test('server refusals land next to the field they name', async ({ page }) => {
  await signIn(page);
  await nav(page).getByRole('link', { name: 'Networks' }).click();
  await openPanel(page, 'Create network');
  const form = page.getByRole('form', { name: 'Create network' });
  const name = form.getByLabel('Name', { exact: true });

  await test.step('a duplicate name, next to Name', async () => {
    await name.fill(networkName);
    await form.getByRole('button', { name: 'Create network' }).click();
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(name).toHaveAccessibleDescription(`network with name ${networkName} already exists`);
    await expect(name).toBeFocused();
    await expect(form.getByRole('alert')).toHaveCount(0);
  });

  await test.step('an overlapping subnet, next to Subnet', async () => {
    await name.fill(`${networkName}-2`);
    await expect(name).not.toHaveAttribute('aria-invalid');
    await form.getByLabel('Host', { exact: true }).selectOption(host);
    await form.getByRole('button', { name: 'Add subnet' }).click();
    const subnetField = form.getByLabel('Subnet', { exact: true });
    await subnetField.fill('10.231.0.128/25');
    await form.getByRole('button', { name: 'Create network' }).click();
    await expect(subnetField).toHaveAttribute('aria-invalid', 'true');
    // The refusal names the network it overlaps, after Docker's words.
    await expect(subnetField).toHaveAccessibleDescription(
      `Pool overlaps with other one on this address space: 10.231.0.128/25 overlaps ${subnet} of network ${networkName}`,
    );
    await expect(subnetField).toBeFocused();
    await page.screenshot({ path: artifact('forms-server-refusal.png'), fullPage: true });
  });

  await test.step('Escape closes the panel and gives focus back to its summary', async () => {
    await page.keyboard.press('Escape');
    await expect(form).toBeHidden();
    await expect(page.locator('summary', { hasText: 'Create network' })).toBeFocused();
  });
});

test('a new service shows its tasks coming up where it was created', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  await nav(page).getByRole('link', { name: 'Services' }).click();
  await openPanel(page, 'Create service');
  const form = page.getByRole('form', { name: 'Create service' });
  await form.getByLabel('Name', { exact: true }).fill(serviceName);
  await form.getByLabel('Replicas', { exact: true }).fill('1');
  await form.getByLabel('Placement constraints').fill(`node.hostname==${host}`);
  await form.getByRole('button', { name: 'Create service' }).click();
  await expect(page.getByRole('status').getByRole('link', { name: serviceName })).toBeVisible();
  await expect(page.getByTestId('service-running-text')).toHaveText('1/1', { timeout: 60_000 });
});

test('the dark theme persists across a reload, from the first paint', async ({ page }) => {
  await signIn(page);
  await page.setViewportSize(desktop);
  await nav(page).getByRole('link', { name: 'Networks' }).click();
  await expect(page).toHaveURL(/\/networks$/);
  const theme = page.getByLabel('Theme');
  await expect(theme).toHaveValue('system');
  await theme.selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  // Before any bundle runs, the boot script has already set it: no light flash.
  await page.reload({ waitUntil: 'commit' });
  await page.waitForLoadState('domcontentloaded');
  expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
  await expect(page.getByTestId(`network-row-${networkName}`)).toBeVisible();
  await expect(theme).toHaveValue('dark');
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(18, 21, 27)');
  // A form error next to the table, so the screenshot shows both in the dark.
  await openPanel(page, 'Create network');
  const name = page.getByRole('form', { name: 'Create network' }).getByLabel('Name', { exact: true });
  await name.fill('not a name!');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: artifact('dark-networks.png'), fullPage: true });
  await page.keyboard.press('Escape');

  await theme.selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await theme.selectOption('system');
});

test('on a phone the nav is a menu and no page scrolls sideways', async ({ page }) => {
  await page.setViewportSize(phone);
  await signIn(page);

  await test.step('the Menu button discloses the sections, and Escape closes them', async () => {
    const menu = nav(page).getByRole('button', { name: 'Menu' });
    const services = nav(page).getByRole('link', { name: 'Services' });
    await expect(menu).toBeVisible();
    await expect(services).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(services).toBeVisible();
    await page.screenshot({ path: artifact('phone-menu.png') });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    await expect(services).toBeHidden();
    await expect(menu).toBeFocused();
    await menu.click();
    await nav(page).getByRole('link', { name: 'Networks' }).click();
    await expect(page).toHaveURL(/\/networks$/);
    await expect(nav(page).getByRole('link', { name: 'Networks' })).toBeHidden();
  });

  for (const [path, heading] of [
    ['/networks', 'Networks'],
    ['/containers', 'Containers'],
    ['/services', 'Services'],
    ['/nodes', 'Nodes'],
    ['/events', 'Events'],
  ] as const) {
    await test.step(`${path} fits the screen`, async () => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page.getByRole('main').getByText(/^Loading/)).toHaveCount(0, { timeout: 15_000 });
      expect(await overflowsHorizontally(page), `${path} is wider than the phone`).toBe(false);
      await page.screenshot({ path: artifact(`phone-${path.slice(1)}.png`), fullPage: true });
    });
  }
});

test('at 1280x800 the services page reads in full', async ({ page }) => {
  await page.setViewportSize(desktop);
  await signIn(page);
  await nav(page).getByRole('link', { name: 'Services' }).click();
  await expect(page.getByTestId(`service-row-${serviceName}`).getByTestId('service-replicas')).toHaveText(
    '1/1',
  );
  expect(await overflowsHorizontally(page)).toBe(false);
  await page.screenshot({ path: artifact('desktop-services.png'), fullPage: true });
});

/** Whether the list page at `path` has a row with this test id, once it has loaded. */
async function listed(page: Page, path: string, rowTestId: string): Promise<boolean> {
  await page.goto(path);
  await expect(page.getByRole('main').getByText(/^Loading/)).toHaveCount(0, { timeout: 15_000 });
  return (await page.getByTestId(rowTestId).count()) > 0;
}

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page);

  // The service, with the confirm step worked by keyboard: Escape backs out, Enter confirms.
  if (await listed(page, '/services', `service-row-${serviceName}`)) {
    await page.goto(`/services/${serviceName}`);
    const remove = page.getByRole('button', { name: 'Remove', exact: true });
    await remove.focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('button', { name: `Remove ${serviceName}` });
    await expect(confirm).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(remove).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(confirm).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/services$/);
    await expect(page.getByTestId(`service-row-${serviceName}`)).toHaveCount(0);
  }

  for (const network of [networkName, `${networkName}-2`]) {
    if (!(await listed(page, '/networks', `network-row-${network}`))) continue;
    await page.goto(`/networks/${network}`);
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('button', { name: `Remove ${network}` }).click();
    await expect(page).toHaveURL(/\/networks$/);
    await expect(page.getByTestId(`network-row-${network}`)).toHaveCount(0);
  }
  await page.close();
});
