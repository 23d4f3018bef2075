/**
 * Issue 15's container figure: `docker run -d` of the same small image (switchyard/busybox-httpd,
 * scripts/images/busybox-archive.ts) until its port 80 answers from a peer container on the same
 * user network, Switchyard against Docker Engine, side by side in one run. Both are driven by the
 * same unmodified docker CLI with the same arguments (`run -d --name --network --ip`); each run's
 * clock starts as the CLI is spawned and stops when the peer gets an HTTP answer, or when the CLI
 * returns if that is later. The peer side is one prober process per engine, started once in the
 * peer's network namespace (containers/ready-probe.mjs), so looking costs the same on both sides
 * and nothing per run. After each run the container is removed with `docker rm -f` and the next
 * run waits until its address answers no more, so no run overlaps the last one's teardown.
 * Docker Engine is Debian's dockerd with a private root (containers/docker-engine.ts); Switchyard a
 * control plane in this process and a one-host lab. 20 runs each, interleaved, the order swapped
 * every run; then a profile pass (containers/profile.ts) shows where the time goes.
 * Run as root: `npm run bench:containers`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildBusyboxArchive } from '../scripts/images/busybox-archive.js';
import { startPrivateDockerd } from './containers/docker-engine.js';
import { hostStateChanges, readHostState } from './containers/host-state.js';
import { profile } from './containers/profile.js';
import { prepare, type Engine, type Sample, type Side } from './containers/side.js';
import { startSwitchyard } from './containers/switchyard-engine.js';
import { median, ms, p95 } from './containers/stats.js';

const runs = 20;
const image = 'switchyard/busybox-httpd';

const column = (of: (sample: Sample) => number, samples: Sample[]) =>
  `${ms(median(samples.map(of)))}${ms(p95(samples.map(of)))}`;

/** Interleaved, the order swapped every run. */
async function measure(sides: Side[]): Promise<Map<Side, Sample[]>> {
  const samples = new Map(sides.map((side) => [side, [] as Sample[]]));
  for (let index = 0; index < runs; index += 1) {
    const order = index % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) samples.get(side)?.push(await side.once(index));
  }
  return samples;
}

function report(sides: Side[], samples: Map<Side, Sample[]>): void {
  console.log(
    `\ndocker run -d ${image}: ` + `until its port 80 answers HTTP from a peer on the same user network`,
  );
  console.log(
    `${runs} runs each, interleaved; ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ` +
      `${(totalmem() / 2 ** 30).toFixed(1)} GiB, Linux ${release()}, load ${loadavg()[0]?.toFixed(2)}`,
  );
  console.log(`${''.padEnd(26)}  network-ready      CLI returned       address answers`);
  console.log(`${''.padEnd(26)}${'  median      p95'.repeat(3)}`);
  for (const side of sides) {
    const of = samples.get(side) ?? [];
    console.log(
      `${side.name.padEnd(26)}${column((s) => s.ready, of)}${column((s) => s.returned, of)}${column((s) => s.address, of)}`,
    );
  }
  for (const side of sides) {
    const series = (samples.get(side) ?? []).map((sample) => sample.ready.toFixed(0)).join(' ');
    console.log(`${side.name}, network-ready of each run in order (ms): ${series}`);
  }
  console.log(
    `docker rm -f -> the address answers no more: ${sides
      .map(
        (side) =>
          `${side.name} ${column((s) => s.removed, samples.get(side) ?? [])
            .trim()
            .replace(/\s+/g, ' ')}`,
      )
      .join('; ')} (median, p95)`,
  );
  const [theirs, ours] = sides.map((side) => (samples.get(side) ?? []).map((sample) => sample.ready));
  const ratio = (of: (values: number[]) => number) => (of(ours ?? []) / of(theirs ?? [])).toFixed(2);
  console.log(
    `Switchyard / Docker Engine, network-ready: median ${ratio(median)}, p95 ${ratio(p95)} (goal: at most 1)`,
  );
  process.exitCode = median(ours ?? []) <= median(theirs ?? []) ? 0 : 1;
}

async function main(): Promise<void> {
  const hostBefore = await readHostState();
  const scratch = mkdtempSync(join(tmpdir(), 'switchyard-bench-containers-'));
  const engines: Engine[] = [];
  const sides: Side[] = [];
  try {
    const archive = buildBusyboxArchive(join(scratch, 'busybox-httpd.tar')).path;
    const theirs: Engine = {
      ...(await startPrivateDockerd(join(scratch, 'docker'))),
      subnet: '10.231.0',
      networkLabels: [],
      inThisProcess: false,
    };
    engines.push(theirs);
    const switchyard = await startSwitchyard(join(scratch, 'switchyard'));
    const ours: Engine = {
      ...switchyard,
      subnet: '10.232.0',
      inThisProcess: true,
      networkLabels: [`com.switchyard.node=${switchyard.node}`],
    };
    engines.push(ours);
    for (const engine of engines) sides.push(await prepare(engine, image, archive));

    report(sides, await measure(sides));

    await profile(sides, scratch, runs);
  } finally {
    for (const side of sides) await side.close();
    for (const engine of engines.reverse()) await engine.stop();
    rmSync(scratch, { recursive: true, force: true });
    const changes = hostStateChanges(hostBefore, await readHostState());
    console.log(
      changes.length === 0
        ? 'changed on the host during the bench: nothing'
        : `changed on the host during the bench (by anything running on it):\n  ${changes.join('\n  ')}`,
    );
  }
}

await main();
