import { expect, test, type Page } from '@playwright/test';
import { artifact, nav } from './console.js';
import { cleanUpAfterEach, createService, removeFromPage, signInWithHosts } from './demo-support.js';
import { e2eStack } from './stack.js';

// Issue 17's path check from outside the cluster, picked in the page as an operator would: a port
// the routing mesh publishes on a host, and a hostname of the HTTP routing mesh, each from the
// choices the live state offers, walked to every step passing.

// host1 and host3 only: nodes.spec kills host2's agent, and the specs run in either order.
const [host1, , host3] = e2eStack.hostNames;
const service = 'e2e-pt-web';
const hostname = 'e2e-pt.example.com';
const port = 8097;

cleanUpAfterEach({ services: [service] });

/** Picks the target kind on the Diagnostics page's path check. */
async function openTarget(page: Page, kind: 'Published port' | 'HTTP route'): Promise<void> {
  await nav(page).getByRole('link', { name: 'Diagnostics' }).click();
  await page.getByLabel('Target', { exact: true }).selectOption({ label: kind });
}

/** Runs the check until every step passes (the proxies and DNAT follow the service within seconds). */
async function checkUntilOk(page: Page): Promise<void> {
  await expect(async () => {
    const answered = page.waitForResponse((response) =>
      response.url().includes('/trpc/diagnostics.targetCheck'),
    );
    await page.getByRole('button', { name: 'Check path' }).click();
    await answered;
    await expect(page.getByTestId('path-result')).toHaveAttribute('data-ok', 'true', { timeout: 1_000 });
  }).toPass({ timeout: 45_000, intervals: [2_000] });
}

test('diagnostics: a published port and an HTTP route picked in the page are walked from outside', async ({
  page,
}) => {
  test.setTimeout(180_000);

  await test.step(`sign in and wait for ${host1} and ${host3}`, async () => {
    await signInWithHosts(page, [host1, host3]);
  });

  await test.step(`a service on hrm publishing ${port} and answering ${hostname}`, async () => {
    await createService(page, {
      name: service,
      replicas: 1,
      networks: ['hrm'],
      ports: `${port}:80`,
      constraints: `node.hostname==${host3}`,
    });
    const form = page.getByRole('form', { name: 'Add hostname' });
    await form.getByLabel('Hostname').fill(hostname);
    await form.getByRole('button', { name: 'Add hostname' }).click();
    await expect(
      page.getByTestId(`hostname-row-${hostname}`).getByTestId(`route-host-${host1}`),
    ).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  });

  await test.step(`the published port ${host1}:${port} from outside: every step passes`, async () => {
    await openTarget(page, 'Published port');
    const form = page.getByRole('form', { name: 'Published port check' });
    await form.getByLabel('Published port').selectOption(`${host1}:${port}/tcp`);
    await checkUntilOk(page);
    await expect(page.getByTestId('path-step-dnat')).toHaveAttribute('data-status', 'ok');
    await expect(page.getByTestId('path-step-reach:outside')).toContainText(
      `outside ${host1}: connects to ${host1}'s`,
    );
    await page.screenshot({ path: artifact('diagnostics-published-port.png'), fullPage: true });
  });

  await test.step(`the HTTP route ${hostname} through ${host1}'s proxy: every step passes`, async () => {
    await openTarget(page, 'HTTP route');
    const form = page.getByRole('form', { name: 'HTTP route check' });
    await form.getByLabel('Hostname').selectOption(hostname);
    await form.getByLabel('Through the proxy on').selectOption(host1);
    await checkUntilOk(page);
    await expect(page.getByTestId('path-step-proxy-route')).toContainText(
      `${host1}'s proxy sends ${hostname}`,
    );
    await expect(page.getByTestId('path-step-reach:outside')).toContainText(
      `with Host ${hostname} answers HTTP/1.1 200`,
    );
    await page.screenshot({ path: artifact('diagnostics-http-route.png'), fullPage: true });
  });

  await test.step('remove the service', async () => {
    await removeFromPage(page, 'services', service);
  });
});
