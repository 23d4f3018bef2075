import { expect, test } from '@playwright/test';
import { artifact, nav, signIn } from './console.js';
import { e2eStack } from './stack.js';

test('the Health page charts the cluster live', async ({ page }) => {
  await signIn(page);
  await nav(page).getByRole('link', { name: 'Health' }).click();
  await expect(page).toHaveURL(/\/health$/);
  await expect(page.getByRole('heading', { name: 'Health' })).toBeVisible();

  await test.step('every lab agent shows as connected, in the chart and its legend', async () => {
    const agents = page.getByTestId('health-chart-agents');
    await expect(agents.getByRole('listitem')).toContainText(`agents ${e2eStack.hostNames.length}`, {
      timeout: 90_000,
    });
    await expect(agents.locator('path')).toHaveAttribute('d', /^M/);
  });

  await test.step('the per-node charts draw a line for each host, and the points grow live', async () => {
    const reconcile = page.getByTestId('health-chart-reconcile');
    for (const name of e2eStack.hostNames) await expect(reconcile).toContainText(name, { timeout: 30_000 });
    const dns = page.getByTestId('health-chart-dns');
    await expect(dns.locator('path')).toHaveCount(e2eStack.hostNames.length);
    const before = Number(await dns.getAttribute('data-points'));
    // The control plane samples every 5 s and the page asks every 3 s: a new point within 10 s.
    await expect
      .poll(async () => Number(await dns.getAttribute('data-points')), { timeout: 15_000 })
      .toBeGreaterThan(before);
    console.log(`dns chart: ${before} points, then more within 15 s`);
  });

  for (const id of ['tasks', 'proxy', 'push'])
    await expect(page.getByTestId(`health-chart-${id}`)).toBeVisible();
  await page.screenshot({ path: artifact('health.png'), fullPage: true });
});
