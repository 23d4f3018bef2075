import { expect, test, type Page } from '@playwright/test';
import { artifact, nav, signIn, signInAs } from './console.js';
import { e2eStack } from './stack.js';

// Accounts a team can run: an admin creates a viewer on the Users page; the viewer finds no way to
// change anything, changes their own password on Profile, and signs out everywhere.

const viewer = { username: 'e2e-viewer', password: 'viewer-password-1' };
const newPassword = 'viewer-password-2';

/** What a viewer must not be offered: anything that creates, edits or removes. */
const changeControls =
  /^(create|add|edit|save|remove|delete|disconnect|scale|apply|start|stop|update|reset)\b/i;

/** The field (label, control, message) whose label is `label`, within `scope`. */
const field = (scope: ReturnType<Page['locator']>, label: string) =>
  scope.locator('.field').filter({ has: scope.page().getByText(label, { exact: true }) });

async function expectNothingToChange(page: Page, path: string): Promise<void> {
  await page.goto(path);
  const main = page.locator('main');
  await expect(main.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(main.getByText(/^Loading/)).toHaveCount(0);
  await expect(main.locator('form'), `${path}: a form`).toHaveCount(0);
  await expect(main.locator('summary', { hasText: changeControls }), `${path}: a create panel`).toHaveCount(
    0,
  );
  await expect(main.getByRole('button', { name: changeControls }), `${path}: a change button`).toHaveCount(0);
}

test('an admin creates a viewer, who can change nothing but their own password and sessions', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);

  await test.step('the admin creates a viewer on the Users page', async () => {
    await signIn(page);
    await nav(page).getByRole('link', { name: 'Users' }).click();
    await expect(page).toHaveURL(/\/users$/);
    const form = page.getByRole('form', { name: 'Create user' });
    await form.getByLabel('Username').fill(viewer.username);
    await form.getByLabel('Password').fill('too-short');
    await form.getByRole('button', { name: 'Create user' }).click();
    await expect(field(form, 'Password')).toContainText('at least 12 characters');
    await form.getByLabel('Password').fill(viewer.password);
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByRole('button', { name: 'Create user' }).click();
    const row = page.getByTestId(`user-row-${viewer.username}`);
    await expect(row).toContainText(viewer.username);
    await expect(row.getByLabel(`Role of ${viewer.username}`, { exact: true })).toHaveValue('viewer');

    // A refusal the server names a field for lands next to that field.
    await form.getByLabel('Username').fill(viewer.username);
    await form.getByLabel('Password').fill(viewer.password);
    await form.getByRole('button', { name: 'Create user' }).click();
    await expect(field(form, 'Username')).toContainText('is taken');
    await page.screenshot({ path: artifact('users.png'), fullPage: true });
  });

  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();

  await test.step('the viewer signs in and finds no Users link', async () => {
    await signInAs(viewerPage, viewer.username, viewer.password);
    await expect(viewerPage.getByRole('banner')).toContainText('viewer');
    await expect(nav(viewerPage).getByRole('link', { name: 'Networks' })).toBeVisible();
    await expect(nav(viewerPage).getByRole('link', { name: 'Users' })).toHaveCount(0);
    await viewerPage.goto('/users');
    await expect(viewerPage.locator('main')).toContainText('needs the admin role');
    await expect(viewerPage.getByTestId('users-table')).toHaveCount(0);
  });

  await test.step('the viewer sees no way to change anything', async () => {
    for (const path of ['/networks', '/containers', '/services', '/images', '/routes', '/nodes'])
      await expectNothingToChange(viewerPage, path);
    await expectNothingToChange(viewerPage, `/nodes/${e2eStack.hostNames[0]}`);
    await viewerPage.screenshot({ path: artifact('viewer-nodes.png'), fullPage: true });
  });

  await test.step('the viewer changes their password on Profile and signs in with it', async () => {
    await viewerPage
      .getByRole('banner')
      .getByRole('link', { name: new RegExp(viewer.username) })
      .click();
    await expect(viewerPage).toHaveURL(/\/profile$/);
    const form = viewerPage.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password').fill(newPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(field(form, 'Current password')).toContainText('is not your current password');

    await form.getByLabel('Current password').fill(viewer.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(viewerPage.getByRole('status').filter({ hasText: 'Password changed' })).toBeVisible();
    await viewerPage.screenshot({ path: artifact('profile.png'), fullPage: true });

    await viewerPage.getByRole('button', { name: 'Log out' }).click();
    await expect(viewerPage).toHaveURL(/\/login/);
    await signInAs(viewerPage, viewer.username, newPassword);
  });

  await test.step('signing out everywhere ends the session of another browser', async () => {
    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await signInAs(other, viewer.username, newPassword);

    await viewerPage.goto('/profile');
    await viewerPage.getByRole('button', { name: 'Sign out everywhere' }).click();
    await viewerPage.getByRole('button', { name: 'Sign out of every session' }).click();
    await expect(viewerPage).toHaveURL(/\/login/);

    await other.goto('/nodes');
    await expect(other).toHaveURL(/\/login/);
    await otherContext.close();
  });

  await viewerContext.close();
});
