import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { identityDirName, ipBatch, ipJson, listNetns, writeSysctlsInNetns } from '@switchyard/agent';
import { hostBatch, labSysctls, rootBatch, underlayBatch, type LabPlan } from './plan.js';
import { labContainerdPaths, stopLabContainerd } from './containerd.js';
import { labPaths } from './paths.js';
import { isLabAgent, pidsInNetns, terminate } from './processes.js';
import { readLabState } from './state.js';

/** Creates the namespaces, the underlay bridge and every veth: one `ip -batch` per namespace. */
export async function buildLabNetwork(plan: LabPlan): Promise<void> {
  const sysctls = labSysctls(existsSync('/proc/sys/net/bridge/bridge-nf-call-iptables'));
  await ipBatch(rootBatch(plan));
  await writeSysctlsInNetns(plan.underlayNamespace, sysctls.underlay);
  await ipBatch(underlayBatch(plan), plan.underlayNamespace);
  await Promise.all(
    plan.hosts.map(async (host) => {
      await writeSysctlsInNetns(host.name, sysctls.host);
      await ipBatch(hostBatch(plan, host), host.name);
    }),
  );
}

/** The lab's namespaces: every one named `<prefix>-...` (prefixes cannot contain a dash). */
export async function labNamespaces(prefix: string): Promise<string[]> {
  return (await listNetns()).map((entry) => entry.name).filter((name) => name.startsWith(`${prefix}-`));
}

export async function rootLinkExists(link: string): Promise<boolean> {
  const links = await ipJson<{ ifname: string }>(['link', 'show']);
  return links.some((entry) => entry.ifname === link);
}

/**
 * Removes every trace of a lab, whether it was brought down cleanly or crashed: agents first (a
 * process in a namespace keeps it alive), then namespaces, the root veth and the lab's pid, state and
 * agent files. Logs stay for a post-mortem, and each host's `tls/` (its key, certificate and the
 * pinned CA): its name is in the cluster, so the next `lab up` comes back as that node rather than
 * joining anew. Safe to run when there is no lab.
 */
export async function teardownLab(prefix: string, dataDir: string): Promise<void> {
  const paths = labPaths(dataDir, prefix);
  const state = await readLabState(paths.state);

  // Agents go first and for good: one still running could re-create a sandbox namespace that
  // was just deleted (a resync in flight), so the namespaces are listed only after they are dead.
  const recorded: number[] = [];
  for (const host of state?.hosts ?? []) {
    if (host.agentPid !== null && (await isLabAgent(host.agentPid, host.name))) recorded.push(host.agentPid);
  }
  const hostNamespaces = state?.hosts.map((host) => host.name) ?? [];
  const agents = (await Promise.all(hostNamespaces.map(pidsInNetns))).flat();
  await terminate([...recorded, ...agents]);
  // The containers the agents did not stop in time, then containerd itself.
  await stopLabContainerd(
    labContainerdPaths(dataDir, prefix, paths.dir),
    state?.containerd?.pid,
    state?.hosts ?? [],
  );

  for (let attempt = 0; ; attempt++) {
    const namespaces = await labNamespaces(prefix);
    if (namespaces.length === 0) break;
    if (attempt === 3) throw new Error(`could not delete namespaces ${namespaces.join(', ')}`);
    const inside = (await Promise.all(namespaces.map(pidsInNetns))).flat();
    await terminate(inside);
    // -force keeps going past a namespace that vanished meanwhile.
    await ipBatch(
      namespaces.map((name) => `netns delete ${name}`),
      undefined,
      true,
    ).catch(() => undefined);
  }
  // Per-namespace resolv.conf and hosts the agents wrote for their sandboxes (`ip netns exec` reads them).
  const etcNetns = await readdir('/etc/netns').catch(() => [] as string[]);
  await Promise.all(
    etcNetns
      .filter((name) => name.startsWith(`${prefix}-`))
      .map((name) => rm(`/etc/netns/${name}`, { recursive: true, force: true })),
  );
  const rootLink = `${prefix}-root`;
  if (await rootLinkExists(rootLink)) await ipBatch([`link delete ${rootLink}`]).catch(() => undefined);

  const entries = await readdir(paths.dir, { withFileTypes: true }).catch(() => []);
  await Promise.all(
    entries
      .filter((entry) => !entry.name.endsWith('.log'))
      .map((entry) =>
        entry.isDirectory()
          ? removeAllBut(`${paths.dir}/${entry.name}`, identityDirName)
          : rm(`${paths.dir}/${entry.name}`, { force: true }),
      ),
  );
}

async function removeAllBut(dir: string, keep: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((name) => name !== keep)
      .map((name) => rm(`${dir}/${name}`, { recursive: true, force: true })),
  );
}
