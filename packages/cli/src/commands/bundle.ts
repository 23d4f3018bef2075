import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createdBundleSchema } from '@switchyard/contracts';
import { unzipSync } from 'fflate';
import { UsageError, type Command } from '../command.js';
import { defaultDataDir } from '../config.js';
import { mutateControlPlane } from '../control-plane-client.js';
import { readLocalControlPlane } from '../local-control-plane.js';
import { parseOptions } from '../options.js';

export const bundleUsage = `Usage: switchyard bundle <user> --out <dir> [--label <label>] [--data-dir <dir>]

Makes a client bundle for <user> (as root on the control plane's machine): the cluster CA, a client
certificate and its key, and env.sh for the docker CLI over TLS. <dir> must not exist or be empty.`;

/** Files of a bundle that are secrets: written for the owner only. */
const privateFiles = new Set(['key.pem']);

function checkOutDir(dir: string): void {
  const entries = (() => {
    try {
      return readdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new UsageError(`--out ${dir}: ${(error as Error).message}`);
    }
  })();
  if (entries.length > 0)
    throw new UsageError(`--out ${dir} exists and is not empty: choose a new directory`);
}

export const bundleCommand: Command = {
  async run(argv) {
    const { values, positionals } = parseOptions(argv, {
      out: { type: 'string' },
      label: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      console.log(bundleUsage);
      return 0;
    }
    const [username, ...extra] = positionals;
    if (username === undefined || extra.length > 0) throw new UsageError(`name one user\n\n${bundleUsage}`);
    if (values.out === undefined) throw new UsageError(`--out <dir> is required\n\n${bundleUsage}`);
    const out = resolve(values.out);
    checkOutDir(out);
    const dataDir = values['data-dir'] ?? defaultDataDir();
    const controlPlane = await readLocalControlPlane(dataDir);
    if (controlPlane === undefined) {
      throw new Error(`no control plane is running for data dir ${dataDir} (run this as root where it runs)`);
    }
    const bundle = await mutateControlPlane(
      controlPlane,
      'bundles.createFor',
      { username, label: values.label ?? 'cli' },
      createdBundleSchema,
    );
    mkdirSync(out, { recursive: true, mode: 0o700 });
    for (const [name, content] of Object.entries(unzipSync(Buffer.from(bundle.zipBase64, 'base64')))) {
      const path = join(out, name);
      const mode = privateFiles.has(name) ? 0o600 : 0o644;
      writeFileSync(path, content, { mode, flag: 'wx' });
      chmodSync(path, mode);
    }
    console.log(
      [
        `Client bundle for ${username} in ${out} (certificate ${bundle.serial}, valid until ${bundle.notAfter}).`,
        'Use it with the docker CLI:',
        `  . ${join(out, 'env.sh')}`,
        '  docker network ls',
        `Revoke it from the dashboard's Profile page (serial ${bundle.serial}).`,
      ].join('\n'),
    );
    return 0;
  },
};
