/**
 * Issue 7's topology figure: frame times of the live topology with 500 containers on 10 hosts, in
 * real Chromium against the real dashboard and control plane, both painters side by side in one run.
 * The control plane runs here with ten stand-in agents (the real agent channel, no kernel: no root,
 * no lab), filled through its service layer, so the page gets a real inventory over the real live
 * channel. Frame times are requestAnimationFrame intervals inside the page during (a) a scripted pan
 * and zoom and (b) a burst of live changes while idle. `npm run bench:topology`; it uses the
 * dashboard's current build (`npm run build:web` first to measure a change).
 */
import { chromium, type Page } from '@playwright/test';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ensureWebBuild, startWebServer, stopWebServer } from '@switchyard/cli';
import { populate, startBenchCluster, startPatiently, type BenchCluster } from './topology/cluster.js';
import { frameStats, formatRow, header, type FrameStats } from './topology/frame-stats.js';

const dataDir = resolve('data/bench-topology');
const controlPlanePort = 7480;
const webPort = 3480;
const web = `http://127.0.0.1:${webPort}`;
const password = 'bench-topology-password';
const hosts = 10;
const containers = 500;
const renderers = ['svg', 'canvas'] as const;

// In-page scripts as text: this program is compiled without the DOM's types, the page runs them.
const startRecording = `(() => {
  window.benchFrames = [];
  window.benchRecording = true;
  const tick = (time) => {
    window.benchFrames.push(time);
    if (window.benchRecording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;
const stopRecording = `(() => { window.benchRecording = false; return window.benchFrames; })()`;
const firstDraw = `performance.getEntriesByName('topology:first-draw')[0]?.startTime`;
const countAbove = (count: number) =>
  `Number(/(\\d+) containers/.exec(document.querySelector('.tp-summary')?.textContent ?? '')?.[1]) > ${count}`;

/** Runs `action` while the page records the time of every animation frame; the intervals between. */
async function frames(page: Page, action: () => Promise<void>): Promise<number[]> {
  await page.evaluate(startRecording);
  await action();
  const times = z.array(z.number()).parse(await page.evaluate(stopRecording));
  return times.slice(1).map((time, index) => time - (times[index] ?? time));
}

/** About four seconds of what an operator does: drag the map around, then wheel in and out and in. */
async function panAndZoom(page: Page): Promise<void> {
  const stage = await page.getByTestId('topology').boundingBox();
  if (!stage) throw new Error('the map is not drawn');
  const centre = { x: stage.x + stage.width / 2, y: stage.y + stage.height / 2 };
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down();
  for (let step = 0; step <= 120; step += 1) {
    const angle = (step / 120) * 4 * Math.PI;
    // Circles that drift to the right: the map ends up somewhere else.
    await page.mouse.move(centre.x + Math.cos(angle) * 160 - 160 + step, centre.y + Math.sin(angle) * 110);
    await page.waitForTimeout(8);
  }
  await page.mouse.up();
  for (const direction of [-1, 1, -1, 1, -1]) {
    for (let notch = 0; notch < 8; notch += 1) {
      await page.mouse.wheel(0, direction * 100);
      await page.waitForTimeout(25);
    }
  }
}

/**
 * A burst of live changes on every host at once while the page is idle: a container stopped and
 * started again and a new one created and started on each host, then the new ones removed.
 */
async function liveBurst(cluster: BenchCluster, round: number, standalone: readonly string[]): Promise<void> {
  const { containers: api } = cluster.controlPlane.services;
  const created = cluster.hosts.map((host, index) => ({ host, name: `burst-${round}-${index + 1}` }));
  await Promise.all(
    created.map(async ({ host, name }, index) => {
      const victim = standalone[index * 7 + round];
      if (victim) {
        await api.stop(victim, 'bench', 0);
        await startPatiently(cluster, victim);
      }
      await api.create(
        {
          name,
          image: 'switchyard/whoami',
          networks: [{ network: `net-${index + 1}` }],
          labels: { 'com.switchyard.node': host },
        },
        'bench',
      );
      await startPatiently(cluster, name);
    }),
  );
  await Promise.all(created.map(({ name }) => api.remove(name, { force: true }, 'bench')));
  // Time for the last changes to reach the page and be drawn.
  await new Promise((done) => setTimeout(done, 2_000));
}

const summaryCount = async (page: Page) =>
  Number(/(\d+) containers/.exec((await page.locator('.tp-summary').textContent()) ?? '')?.[1] ?? Number.NaN);

/** From the create call returning to the map counting the new container, `trials` times; the median. */
async function appearLatency(
  page: Page,
  cluster: BenchCluster,
  renderer: string,
  trials: number,
): Promise<number> {
  const { containers: api } = cluster.controlPlane.services;
  const times: number[] = [];
  for (let trial = 0; trial < trials; trial += 1) {
    const name = `appear-${renderer}-${trial}`;
    const before = await summaryCount(page);
    await api.create({ name, image: 'switchyard/whoami', networks: [{ network: 'net-1' }] }, 'bench');
    const createdAt = Date.now();
    await page.waitForFunction(countAbove(before), null, { polling: 'raf', timeout: 15_000 });
    times.push(Date.now() - createdAt);
    await api.remove(name, { force: true }, 'bench');
    await page.waitForTimeout(500);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

interface RendererResult {
  renderer: string;
  /** CPU slowdown the page ran under (Chromium's throttling): 1 is this machine as it is. */
  slowdown: number;
  firstDrawMs: number;
  panZoom: FrameStats;
  burst: FrameStats;
  appearMs: number;
}

async function measure(
  page: Page,
  cluster: BenchCluster,
  standalone: readonly string[],
  slowdown: number,
  round: number,
): Promise<RendererResult[]> {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
  const results: RendererResult[] = [];
  for (const [index, renderer] of renderers.entries()) {
    await page.goto(`${web}/topology?renderer=${renderer}`);
    await page.getByTestId('topology').waitFor();
    const firstDrawMs = z
      .number()
      .parse(await (await page.waitForFunction(firstDraw, null, { timeout: 60_000 })).jsonValue());
    if ((await page.getByTestId('topology').getAttribute('data-renderer')) !== renderer)
      throw new Error(`the page did not use the ${renderer} painter`);
    await page.waitForTimeout(1_500);
    const before = await page.getByTestId('topology').screenshot();
    const panZoom = frameStats(await frames(page, () => panAndZoom(page)));
    if ((await page.getByTestId('topology').screenshot()).equals(before))
      throw new Error(`the ${renderer} map did not move when dragged and zoomed`);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(1_000);
    const burst = frameStats(await frames(page, () => liveBurst(cluster, round * 2 + index, standalone)));
    const appearMs = await appearLatency(page, cluster, `${renderer}-${slowdown}`, 5);
    results.push({ renderer, slowdown, firstDrawMs, panZoom, burst, appearMs });
  }
  await devtools.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await devtools.detach();
  return results;
}

rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
ensureWebBuild();
const cluster = await startBenchCluster({ dataDir, port: controlPlanePort, hosts, adminPassword: password });
let server: Awaited<ReturnType<typeof startWebServer>> | null = null;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  const startedAt = performance.now();
  const population = await populate(cluster, containers);
  console.log(
    `populated ${containers} containers on ${hosts} hosts in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`,
  );
  server = await startWebServer(webPort, {
    url: cluster.controlPlane.url,
    tls: cluster.controlPlane.tlsFiles,
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${web}/nodes`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/nodes$/);

  // As this machine is, then as a four times slower one (a laptop on battery, a busy browser).
  const results = [
    ...(await measure(page, cluster, population.containers, 1, 0)),
    ...(await measure(page, cluster, population.containers, 4, 1)),
  ];
  const name = (result: RendererResult, run: string) =>
    `${result.renderer} ${run}${result.slowdown === 1 ? '' : ` (${result.slowdown}x CPU)`}`;
  console.log(
    `\nTopology frame times: ${containers} containers on ${hosts} hosts, Chromium ${browser.version()} at 1280x800`,
  );
  console.log('(requestAnimationFrame intervals in ms; 16.7 ms is one frame at 60 Hz)\n');
  console.log(header);
  for (const result of results) {
    console.log(formatRow(name(result, 'pan+zoom'), result.panZoom));
    console.log(formatRow(name(result, 'live burst'), result.burst));
  }
  console.log('');
  for (const result of results)
    console.log(
      `${name(result, '').padEnd(16)} first draw ${result.firstDrawMs.toFixed(0)} ms after navigation start; a created container drawn ${result.appearMs} ms after its create call (median of 5)`,
    );
} finally {
  await browser.close();
  if (server) await stopWebServer(server);
  await cluster.close();
  rmSync(dataDir, { recursive: true, force: true });
}
