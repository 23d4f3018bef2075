import { applyTable, listTable, listTableJson } from '../firewall/apply.js';
import { ipForceBatch } from './batch.js';
import { nftScripts } from './nft.js';
import { readLinks, readRoutes } from './links.js';
import { deleteNamespaces, namespaceNames, renameNamespace } from './netns.js';
import { readNetworkSpace, type NetworkSpace } from './space.js';
import { sysctlShellLine } from './sysctl.js';
import type { NamespaceRecord } from '../sandbox/record.js';
import { sandboxSysctls } from '../sandbox/sysctls.js';
import type { Dataplane, SandboxObservation } from './dataplane.js';

/**
 * The kernel. `hostNetns` names the namespace that plays the host (integration tests); undefined is
 * this process's own, as when the agent runs inside a lab host or on a real machine.
 */
export function realDataplane(record: NamespaceRecord, hostNetns?: string): Dataplane {
  return {
    record,
    async read(sandboxNamespaces, networkNamespaces) {
      const [host, namespaces] = await Promise.all([readLinks(hostNetns), namespaceNames()]);
      const present = sandboxNamespaces.filter((name) => namespaces.has(name));
      const [observed, spaces] = await Promise.all([
        Promise.all(
          present.map(async (name): Promise<[string, SandboxObservation]> => {
            const [links, routes] = await Promise.all([readLinks(name), readRoutes(name)]);
            return [name, { links, ...routes }];
          }),
        ),
        Promise.all(
          networkNamespaces
            .filter((name) => namespaces.has(name))
            .map(async (name): Promise<[string, NetworkSpace]> => [name, await readNetworkSpace(name)]),
        ),
      ]);
      return { host, namespaces, sandboxes: new Map(observed), spaces: new Map(spaces) };
    },
    batch: (netns, lines, tool) => ipForceBatch(lines, netns ?? hostNetns, tool),
    async addNamespaces(names) {
      // One `ip` process for all: each namespace, its loopback up at once (the resolver's listener
      // binds 127.0.0.11 while endpoints are made) and its sandbox sysctls.
      const sysctls = sysctlShellLine(sandboxSysctls);
      const steps = names.flatMap((name) => [
        { name, line: `netns add ${name}`, failure: '' },
        { name, line: `netns exec ${name} ip link set lo up`, failure: 'cannot bring loopback up: ' },
        { name, line: `netns exec ${name} sh -c "${sysctls}"`, failure: 'cannot set sandbox sysctls: ' },
      ]);
      const failures = await ipForceBatch(steps.map((step) => step.line));
      const errors = new Map<string, string>();
      for (const [line, message] of [...failures].sort(([a], [b]) => a - b)) {
        const step = steps[line - 1];
        if (step !== undefined && !errors.has(step.name)) errors.set(step.name, step.failure + message);
      }
      return errors;
    },
    deleteNamespaces,
    renameNamespace,
    listTable: (table) => listTable(table, hostNetns),
    applyTable: (table, body) => applyTable(table, body, hostNetns),
    listTableJsonIn: (netns, table) => listTableJson(table, netns ?? hostNetns),
    nftScripts: (scripts) =>
      nftScripts(scripts.map(({ netns, script }) => ({ netns: netns ?? hostNetns, script }))),
  };
}
