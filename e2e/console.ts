import { expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { e2eStack } from './stack.js';

/** Where a spec saves its screenshots (kept by CI). */
export const artifact = (name: string) => fileURLToPath(new URL(`./artifacts/${name}`, import.meta.url));

/**
 * Opens the create panel with this summary unless it is open already: on pages whose job is creating
 * (Networks, Containers, Services, Routes, Users) it is open on arrival and folds only after a create.
 */
export async function openPanel(page: Page, summary: string): Promise<void> {
  const details = page.locator('details', { has: page.locator('summary', { hasText: summary }) });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await expect(details).toHaveAttribute('open', '');
}

/** The console's section links. */
export const nav = (page: Page) => page.getByRole('navigation', { name: 'Sections' });

/** Signs in as `username` from the Nodes page, as a person would. */
export async function signInAs(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/nodes');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/nodes$/);
}

/** Signs in as admin from the Nodes page, as an operator would. */
export function signIn(page: Page): Promise<void> {
  return signInAs(page, 'admin', e2eStack.adminPassword);
}
