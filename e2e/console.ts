import { expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { e2eStack } from './stack.js';

/** Where a spec saves its screenshots (kept by CI). */
export const artifact = (name: string) => fileURLToPath(new URL(`./artifacts/${name}`, import.meta.url));

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
