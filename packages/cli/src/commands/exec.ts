import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { UsageError, type Command } from '../command.js';
import { defaultDataDir } from '../config.js';
import { queryControlPlane } from '../control-plane-client.js';
import { readLocalControlPlane } from '../local-control-plane.js';

const usage = 'Usage: switchyard exec [--data-dir <dir>] <container> -- <command> [args...]';

const containerSchema = z.object({ name: z.string(), nodeName: z.string(), netns: z.string().nullable() });

/**
 * Runs a command inside a container's sandbox: `ip netns exec` into its namespace, which also
 * mounts the sandbox's own resolv.conf and hosts, so dig and curl see what the container sees.
 */
export const execCommand: Command = {
  async run(argv) {
    const separator = argv.indexOf('--');
    const before = separator === -1 ? argv : argv.slice(0, separator);
    const command = separator === -1 ? [] : argv.slice(separator + 1);
    let dataDir = defaultDataDir();
    const names: string[] = [];
    for (let i = 0; i < before.length; i++) {
      const arg = before[i] ?? '';
      if (arg === '--data-dir') dataDir = before[++i] ?? '';
      else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}\n${usage}`);
      else names.push(arg);
    }
    const [name, ...extra] = names;
    if (name === undefined || extra.length > 0 || command.length === 0) throw new UsageError(usage);

    const controlPlane = await readLocalControlPlane(dataDir);
    if (controlPlane === undefined) throw new Error(`no control plane is running for data dir ${dataDir}`);
    const container = await queryControlPlane(
      controlPlane,
      'containers.get',
      { container: name },
      containerSchema,
    );
    // Host mode: the container shares its node's namespace, which in the lab is named after the node.
    const netns = container.netns ?? container.nodeName;
    if (!existsSync(`/run/netns/${netns}`)) {
      throw new Error(
        `${container.name} runs on ${container.nodeName}, whose namespaces are not on this machine: run exec there`,
      );
    }
    const child = spawn('ip', ['netns', 'exec', netns, ...command], { stdio: 'inherit' });
    return new Promise((resolve) => {
      child.on('error', (error) => {
        console.error(`switchyard exec: ${error.message}`);
        resolve(126);
      });
      child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
    });
  },
};
