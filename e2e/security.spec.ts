import { expect, test } from '@playwright/test';
import { signIn } from './console.js';
import { e2eStack } from './stack.js';

// The dashboard's CSP in Chromium: every page renders and goes live without one violation, and a
// post from another origin through the dashboard's own server is refused.

const pages = [
  '/nodes',
  '/topology',
  '/networks',
  '/containers',
  '/services',
  '/routes',
  '/events',
  '/audit',
  '/users',
  '/profile',
];

test('every page carries the security headers and works under its CSP; another origin cannot post', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await signIn(page);
  for (const path of pages) {
    const response = await page.goto(path);
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('same-origin');
    await expect(page.getByRole('banner')).toContainText('admin');
  }
  await page.goto('/nodes');
  await expect(page.getByTestId(`node-row-${e2eStack.hostNames[0]}`).getByTestId('node-status')).toHaveText(
    'ready',
  );
  expect(violations).toEqual([]);

  const forged = await page.request.post('/trpc/tokens.create', {
    data: { purpose: 'csrf' },
    headers: { origin: 'http://evil.example' },
    failOnStatusCode: false,
  });
  expect(forged.status()).toBe(403);
  const form = await page.request.post('/trpc/tokens.create', {
    data: 'purpose=csrf',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    failOnStatusCode: false,
  });
  expect(form.status()).toBe(415);
});
