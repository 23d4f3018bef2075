import { expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { e2eStack } from './stack.js';

/** Where a spec saves its screenshots (kept by CI). */
export const artifact = (name: string) => fileURLToPath(new URL(`./artifacts/${name}`, import.meta.url));

/** The console's section links. */
export const nav = (page: Page) => page.getByRole('navigation', { name: 'Sections' });

/** Signs in as admin from the Nodes page, as an operator would. */
export async function signIn(page: Page): Promise<void> {
  await page.goto('/nodes');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(e2eStack.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/nodes$/);
}
