import { expect, test, type Page } from '@playwright/test';
import { labStatus } from './lab-status.js';
import { artifact } from './console.js';
import { e2eStack } from './stack.js';

function nodeStatus(page: Page, name: string) {
  return page.getByTestId(`node-row-${name}`).getByTestId('node-status');
}

test('an operator signs in, watches the nodes, and sees a killed agent come back', async ({ page }) => {
  await test.step('unauthenticated visits land on the login page', async () => {
    await page.goto('/nodes');
    await expect(page).toHaveURL(/\/login\?next=%2Fnodes$/);
  });

  await test.step('a wrong password shows the server error', async () => {
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('form').getByRole('alert')).toHaveText('wrong username or password');
  });

  await test.step('the right password opens the nodes page', async () => {
    await page.getByLabel('Password').fill(e2eStack.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/nodes$/);
    await expect(page.getByRole('banner')).toContainText('admin');
  });

  await test.step('all three lab hosts are ready', async () => {
    // The web server answers before `start` has finished bringing the lab up: allow for the joins.
    for (const name of e2eStack.hostNames) {
      await expect(nodeStatus(page, name)).toHaveText('ready', { timeout: 90_000 });
    }
    await page.screenshot({ path: artifact('nodes-ready.png'), fullPage: true });
  });

  await test.step('an admin gets a join command for a new node, once', async () => {
    await page.getByText('Add node').click();
    await page.getByRole('button', { name: 'Create join token' }).click();
    await expect(page.getByTestId('join-command')).toContainText('switchyard agent --join');
    await expect(page.getByTestId('join-command')).toContainText('--token');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('join-command')).toHaveCount(0);
  });

  await test.step('an admin rotates the join token and sees the new one, once', async () => {
    await page.getByRole('button', { name: 'Rotate join token' }).click();
    await expect(page.getByText('every earlier token stops working now')).toBeVisible();
    await expect(page.getByTestId('join-command')).toContainText('--join https://');
    await expect(page.getByTestId('join-command')).toContainText('--token SYJOIN-1-');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('join-command')).toHaveCount(0);
  });

  const [, victim] = e2eStack.hostNames;
  await test.step(`a killed agent of ${victim} is started again and its node is ready, without a reload`, async () => {
    const host = labStatus().find((candidate) => candidate.name === victim);
    expect(host?.agentRunning, `${victim}'s agent should be running`).toBe(true);
    if (!host?.agentPid) throw new Error(`lab status gave no agent pid for ${victim}`);

    // Survives only if the page is never reloaded.
    await page.evaluate(() => Object.assign(globalThis, { e2eNoReload: true }));
    process.kill(host.agentPid, 'SIGKILL');

    // `npm start` supervises the lab's agents: a new process joins within seconds.
    await expect
      .poll(() => labStatus().find((candidate) => candidate.name === victim)?.agentPid, { timeout: 15_000 })
      .not.toBe(host.agentPid);
    for (const name of e2eStack.hostNames) {
      await expect(nodeStatus(page, name)).toHaveText('ready', { timeout: 15_000 });
    }
    expect(await page.evaluate(() => 'e2eNoReload' in globalThis)).toBe(true);
    await page.screenshot({ path: artifact('nodes-agent-restarted.png'), fullPage: true });
  });

  await test.step('the events page shows the restart, no node going down, and the failed login', async () => {
    await page.getByRole('link', { name: 'Events' }).click();
    await expect(page).toHaveURL(/\/events$/);
    const rows = page.getByTestId('event-row');
    await expect(
      rows
        .and(page.locator('[data-kind="process.restarted"]'))
        .filter({ hasText: `agent of ${victim} restarted after it was killed (signal SIGKILL)` }),
    ).toHaveCount(1);
    // Back well within the silence after which a node is down: its tasks never moved.
    await expect(rows.and(page.locator('[data-kind="node.down"]')).filter({ hasText: victim })).toHaveCount(
      0,
    );
    await expect(rows.and(page.locator('[data-kind="auth.login.failed"]'))).not.toHaveCount(0);

    await page.getByLabel('Kind').selectOption('process.restarted');
    await expect(rows.filter({ hasText: victim })).toHaveCount(1);
    await page.screenshot({ path: artifact('events-agent-restarted.png'), fullPage: true });
  });
});
