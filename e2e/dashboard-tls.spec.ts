import { connect } from 'node:net';
import { expect, test } from '@playwright/test';
import { e2eStack } from './stack.js';

// Beyond loopback the dashboard speaks only TLS: a browser at the host's lab address signs in over
// HTTPS with a __Host- cookie and goes live through the same origin, while plain HTTP to that
// address gets no answer at all.

/** The lab's gateway: an address of this host that is not loopback. */
const labGateway = e2eStack.labSubnet.replace(/\.0\/\d+$/, '.1');
const httpsUrl = `https://${labGateway}:${e2eStack.webPort}`;

test('the dashboard serves HTTPS beyond loopback and goes live over it', async ({ browser }) => {
  // The cluster CA is the dashboard's issuer; a browser that does not trust it is told so, as here.
  const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: httpsUrl });
  const page = await context.newPage();
  await page.goto('/nodes');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(e2eStack.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/nodes$/);
  const cookies = await context.cookies();
  expect(cookies.find((cookie) => cookie.name === '__Host-sy_session')).toMatchObject({ secure: true });
  await expect(page.getByTestId(`node-row-${e2eStack.hostNames[0]}`).getByTestId('node-status')).toHaveText(
    'ready',
  );
  await expect(page.locator('.live-indicator')).toHaveAttribute('data-connected', 'true');
  await context.close();
});

test('plain HTTP to the dashboard beyond loopback gets nothing', async () => {
  const received = await new Promise<string>((resolve, reject) => {
    const socket = connect(e2eStack.webPort, labGateway, () =>
      socket.write(`GET /login HTTP/1.1\r\nHost: ${labGateway}\r\n\r\n`),
    );
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
  expect(received).toBe('');
});
