import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { artifact, nav, openPanel, signIn } from './console.js';
import { labStatus, type LabHost } from './lab-status.js';
import { e2eStack } from './stack.js';

// What the deck's demos share: driving the dashboard's create forms and remove actions as an operator
// would, and checking the result from inside the sandboxes with `switchyard exec`.

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export type BuiltinImage = 'switchyard/whoami' | 'switchyard/toolbox';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `switchyard exec <container> -- <command>`: the command runs in the container's sandbox. */
export function execIn(
  container: string,
  command: readonly string[],
  timeoutMs = 10_000,
): Promise<ExecResult> {
  const cli = ['packages/cli/bin/switchyard.js', 'exec', '--data-dir', e2eStack.dataDir, container, '--'];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...cli, ...command],
      { cwd: repoRoot, encoding: 'utf8', timeout: timeoutMs },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr: error === null ? stderr : `${stderr}${error.message}` });
      },
    );
  });
}

/** What curl prints in the sandbox, or why it printed nothing (so a failed poll says why). */
export async function curlIn(container: string, url: string): Promise<string> {
  const result = await execIn(container, ['curl', '-s', '--max-time', '2', url]);
  return result.code === 0 ? result.stdout : `curl failed (${result.code}): ${result.stderr}`;
}

/** One ping from the sandbox: its reply line, or why there was none. */
export async function pingIn(container: string, target: string): Promise<string> {
  const result = await execIn(container, ['ping', '-n', '-c', '1', '-W', '1', target]);
  return result.code === 0 ? result.stdout : `ping failed (${result.code}): ${result.stdout}${result.stderr}`;
}

/** `dig +short` from the sandbox, through its embedded DNS: the A records, sorted. */
export async function digIn(container: string, name: string): Promise<string[]> {
  const result = await execIn(container, ['dig', '+short', '+time=1', '+tries=1', name]);
  if (result.code !== 0) return [`dig failed (${result.code}): ${result.stdout}${result.stderr}`];
  return result.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .toSorted();
}

/** whoami's `Hostname:` line of each of `count` fresh requests, one curl (one connection) each. */
export async function whoamiNamesIn(container: string, url: string, count: number): Promise<string[]> {
  const loop = `for i in $(seq ${count}); do curl -s --max-time 2 ${url} | grep '^Hostname:'; done`;
  const result = await execIn(container, ['sh', '-c', loop], 30_000);
  return result.stdout
    .split('\n')
    .map((line) => line.replace(/^Hostname:\s*/, '').trim())
    .filter((line) => line !== '');
}

/**
 * `GET /` from the test process, which the lab's underlay reaches as an outside client (the deck's load
 * balancer) would, as `status body`, or why it failed. A new connection each time, as the routing mesh
 * balances connections, not requests; node:http because fetch pools them and will not send a Host header
 * other than the URL's.
 */
export function getFromOutside(address: string, port: number, host?: string): Promise<string> {
  return new Promise((resolve) => {
    const headers = host === undefined ? {} : { host };
    const req = request({ host: address, port, path: '/', headers, agent: false, timeout: 2_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(`${res.statusCode ?? 0} ${body}`));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => resolve(`unreachable: ${error.message}`));
    req.end();
  });
}

/** The lab hosts whose agent runs (nodes.spec kills host2's): only they can be asked to serve. */
export const servingHosts = (): LabHost[] => labStatus().filter((host) => host.agentRunning);

export function underlayOf(host: string): string {
  const address = labStatus().find((candidate) => candidate.name === host)?.underlayAddress;
  if (!address) throw new Error(`lab status gave no underlay address for ${host}`);
  return address;
}

/** The two-host demos' hosts: host1 and host3 only, as nodes.spec kills host2's agent. */
export const demoHosts = [e2eStack.hostNames[0], e2eStack.hostNames[2]] as const;

/** Signs in and waits until the given hosts are ready on the Nodes page. */
export async function signInWithHosts(page: Page, hosts: readonly string[]): Promise<void> {
  await signIn(page);
  for (const host of hosts) {
    await expect(page.getByTestId(`node-row-${host}`).getByTestId('node-status')).toHaveText('ready', {
      timeout: 90_000,
    });
  }
}

/** A demo's first step: sign in and wait for the hosts it uses. */
export async function signInStep(page: Page, hosts: readonly string[]): Promise<void> {
  await test.step(`sign in and wait for ${hosts.join(' and ')}`, async () => {
    await signInWithHosts(page, hosts);
  });
}

/**
 * `from` pings `target` until the reply comes from `replyFrom` (the name resolved and the path is up),
 * then fetches `http://<target>/` and gets the page of the whoami `hostname`.
 */
export async function expectPingAndCurl(
  from: string,
  target: string,
  { replyFrom, hostname, timeout = 15_000 }: { replyFrom: string; hostname: string; timeout?: number },
): Promise<void> {
  await expect.poll(() => pingIn(from, target), { timeout, intervals: [500] }).toContain(`from ${replyFrom}`);
  expect(await curlIn(from, `http://${target}/`)).toContain(`Hostname: ${hostname}`);
}

export interface NetworkRequest {
  name: string;
  driver: 'bridge' | 'overlay' | 'macvlan';
  /** Local drivers only: the host the network lives on. */
  host?: string;
  subnet?: string;
  ipRange?: string;
  gateway?: string;
  /** Macvlan: the host's underlay link. */
  parent?: string;
  attachable?: boolean;
}

/** The Networks page's create form; a local network must then be realised on its host. */
export async function createNetwork(page: Page, request: NetworkRequest): Promise<void> {
  await nav(page).getByRole('link', { name: 'Networks' }).click();
  await openPanel(page, 'Create network');
  const form = page.getByRole('form', { name: 'Create network' });
  await form.getByLabel('Name', { exact: true }).fill(request.name);
  await form.getByLabel('Driver', { exact: true }).selectOption(request.driver);
  if (request.host !== undefined) await form.getByLabel('Host', { exact: true }).selectOption(request.host);
  if (request.subnet !== undefined) {
    // Macvlan opens its subnet row by itself: the underlay's subnet cannot be guessed.
    if ((await form.getByLabel('Subnet', { exact: true }).count()) === 0) {
      await form.getByRole('button', { name: 'Add subnet' }).click();
    }
    await form.getByLabel('Subnet', { exact: true }).fill(request.subnet);
    if (request.ipRange !== undefined)
      await form.getByLabel('IP range', { exact: true }).fill(request.ipRange);
    if (request.gateway !== undefined)
      await form.getByLabel('Gateway', { exact: true }).fill(request.gateway);
  }
  if (request.parent !== undefined) await form.getByLabel('Parent interface').fill(request.parent);
  if (request.attachable === true) await form.getByRole('checkbox', { name: 'Attachable' }).check();
  await form.getByRole('button', { name: 'Create network' }).click();
  const row = page.getByTestId(`network-row-${request.name}`);
  await expect(row).toContainText(request.driver);
  if (request.host !== undefined) await expect(row).toContainText('ready', { timeout: 20_000 });
}

export interface ContainerRequest {
  image: BuiltinImage;
  name: string;
  /** Empty: where its local network lives (or the least loaded host). */
  host?: string;
  /** None: the host's default bridge. */
  networks: readonly string[];
  /** The Published ports field, as `-p` takes it. */
  ports?: string;
}

/** The Containers page's create form; waits until the agent reports it running. */
export async function createContainer(page: Page, request: ContainerRequest): Promise<void> {
  await nav(page).getByRole('link', { name: 'Containers' }).click();
  await openPanel(page, 'Create container');
  const form = page.getByRole('form', { name: 'Create container' });
  await form.getByLabel('Image', { exact: true }).selectOption(request.image);
  await form.getByLabel('Name', { exact: true }).fill(request.name);
  if (request.host !== undefined) await form.getByLabel('Host', { exact: true }).selectOption(request.host);
  for (const network of request.networks) {
    await form.getByRole('checkbox', { name: new RegExp(`^${network} `) }).check();
  }
  if (request.ports !== undefined) await form.getByLabel('Published ports').fill(request.ports);
  await form.getByRole('button', { name: 'Create container' }).click();
  const row = page.getByTestId(`container-row-${request.name}`);
  await expect(row.getByTestId('container-status')).toHaveText('running', { timeout: 30_000 });
  if (request.host !== undefined) await expect(row).toContainText(request.host);
}

/** A container's address on a network, as its inspect page shows it (without the prefix length). */
export async function addressOn(page: Page, container: string, network: string): Promise<string> {
  await page.goto(`/containers/${container}`);
  const cell = page.getByTestId(`container-endpoint-${network}`).getByTestId('endpoint-address');
  await expect(cell).toHaveText(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
  const [address] = ((await cell.textContent()) ?? '').split('/');
  if (!address) throw new Error(`${container} has no address on ${network}`);
  return address;
}

export interface ServiceRequest {
  name: string;
  replicas: number;
  networks: readonly string[];
  /** The Published ports field, published in ingress mode (the routing mesh). */
  ports?: string;
  constraints?: string;
}

/** The Services page's create form; waits on the service's page until every replica runs. */
export async function createService(page: Page, request: ServiceRequest): Promise<void> {
  await nav(page).getByRole('link', { name: 'Services' }).click();
  await openPanel(page, 'Create service');
  const form = page.getByRole('form', { name: 'Create service' });
  await form.getByLabel('Name', { exact: true }).fill(request.name);
  await form.getByLabel('Image', { exact: true }).selectOption('switchyard/whoami');
  await form.getByLabel('Replicas', { exact: true }).fill(String(request.replicas));
  for (const network of request.networks) {
    await form.getByRole('checkbox', { name: new RegExp(`^${network} `) }).check();
  }
  if (request.ports !== undefined) await form.getByLabel('Published ports').fill(request.ports);
  if (request.constraints !== undefined) {
    await form.getByLabel('Placement constraints').fill(request.constraints);
  }
  await form.getByRole('button', { name: 'Create service' }).click();
  await page.getByRole('status').getByRole('link', { name: request.name }).click();
  await expect(page).toHaveURL(new RegExp(`/services/${request.name}$`));
  await expect(page.getByTestId('service-running-text')).toHaveText(
    `${request.replicas}/${request.replicas}`,
    {
      timeout: 60_000,
    },
  );
}

/** Each container's "Stop and remove" on its inspect page. */
export async function removeContainers(page: Page, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await page.goto(`/containers/${name}`);
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('button', { name: `Stop and remove ${name}` }).click();
    await expect(page).toHaveURL(/\/containers$/);
    await expect(page.getByTestId(`container-row-${name}`)).toHaveCount(0);
  }
}

/** Remove on a network's or a service's page (`kind` is the URL's section). */
export async function removeFromPage(page: Page, kind: 'networks' | 'services', name: string): Promise<void> {
  await page.goto(`/${kind}/${name}`);
  // The page's own Remove comes first: a service's hostname rows, once loaded, have one each.
  await page.getByRole('button', { name: 'Remove', exact: true }).first().click();
  await page.getByRole('button', { name: `Remove ${name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/${kind}$`));
  const row = kind === 'networks' ? `network-row-${name}` : `service-row-${name}`;
  await expect(page.getByTestId(row)).toHaveCount(0);
}

/**
 * The topology narrowed through its URL to the objects of the given networks (with their hosts,
 * containers and services), as an operator would share the view.
 */
export async function openTopology(page: Page, networks: readonly string[]): Promise<void> {
  const query = new URLSearchParams(networks.map((network): [string, string] => ['network', network]));
  await page.goto(`/topology?${query.toString()}`);
  await expect(page.getByTestId('topology')).toBeVisible();
}

/** Checks the topology draws `element` (`what`, in the failure message) within the box of `host`. */
export async function expectInsideHost(
  page: Page,
  element: Locator,
  host: string,
  what: string,
): Promise<void> {
  const hostBox = await page.getByTestId(`topo-host-${host}`).locator('rect').first().boundingBox();
  const box = await element.boundingBox();
  expect(
    hostBox && box && box.x >= hostBox.x && box.x + box.width <= hostBox.x + hostBox.width,
    `${what} inside ${host}`,
  ).toBe(true);
}

/** Hovers a topology element and checks its summary card says `text`. */
export async function expectHoverCard(page: Page, target: Locator, text: string | RegExp): Promise<void> {
  await target.hover();
  await expect(page.getByTestId('topo-hover-card')).toContainText(text);
}

/**
 * `demo-<name>-topology.png`, once the spec has checked the topology shows what the demo claims. With
 * `keepCard`, the card of the element last hovered stays in the picture (an address or a published port
 * the map itself does not print); otherwise the pointer leaves the map so no card covers it.
 */
export async function saveTopology(page: Page, demo: string, { keepCard = false } = {}): Promise<void> {
  const card = page.getByTestId('topo-hover-card');
  if (keepCard) await expect(card).toBeVisible();
  else {
    await page.mouse.move(0, 0);
    await expect(card).toHaveCount(0);
  }
  await page.screenshot({ path: artifact(`demo-${demo}-topology.png`), fullPage: true });
}

export interface DemoObjects {
  services?: readonly string[];
  containers?: readonly string[];
  networks?: readonly string[];
}

/** A tRPC mutation with the signed-in session; a refusal is returned, not thrown. */
async function mutate(page: Page, procedure: string, input: object): Promise<number> {
  const response = await page.request.post(`/trpc/${procedure}`, { data: input, failOnStatusCode: false });
  return response.status();
}

/**
 * Whatever a demo left behind when it failed half-way goes through the API, so the next demo starts
 * clean and the lab keeps its room; after a passing run everything is gone already (404s, ignored).
 */
export function cleanUpAfterEach(objects: DemoObjects): void {
  test.afterEach(async ({ page }) => {
    for (const service of objects.services ?? []) await mutate(page, 'services.remove', { service });
    for (const container of objects.containers ?? []) {
      await mutate(page, 'containers.remove', { container, force: true });
    }
    for (const network of objects.networks ?? []) {
      // Endpoints of what was just removed may still be going: a refusal is retried for a few seconds.
      for (let attempt = 0; attempt < 10; attempt += 1) {
        const status = await mutate(page, 'networks.remove', { network });
        if (status < 300 || status === 404) break;
        await page.waitForTimeout(1_000);
      }
    }
  });
}
