import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { UsageError, type Command } from '../command.js';
import { defaultDataDir } from '../config.js';
import { parseOptions } from '../options.js';
import { readArchive } from './backup-archive.js';
import { databaseName, isRestorable, manifestName, runningControlPlane } from './backup-contents.js';

export const restoreUsage = `Usage: switchyard restore <file> [--data-dir <dir>]

Puts back what \`switchyard backup\` wrote to <file>: the database, the cluster CA and keys, the
metrics scrape token, the image store and the lab hosts' node identities, replacing those in the
data directory (files 0600, directories 0700). The control plane must be stopped; the archive is
checked whole before anything is replaced.`;

const manifestSchema = z.object({ format: z.literal(1), createdAt: z.string(), online: z.boolean() });

/** What the archive replaces in the data directory, top level first. */
const replaced = [
  databaseName,
  `${databaseName}-wal`,
  `${databaseName}-shm`,
  'metrics-token',
  'tls',
  'images',
];

/** `lab/<prefix>/<host>/tls` directories under a root. */
function labIdentities(root: string): string[] {
  const lab = join(root, 'lab');
  if (!existsSync(lab)) return [];
  return readdirSync(lab).flatMap((prefix) =>
    readdirSync(join(lab, prefix), { withFileTypes: true })
      .filter((host) => host.isDirectory() && existsSync(join(lab, prefix, host.name, 'tls')))
      .map((host) => `lab/${prefix}/${host.name}/tls`),
  );
}

export const restoreCommand: Command = {
  async run(argv) {
    const { values, positionals } = parseOptions(argv, {
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      console.log(restoreUsage);
      return 0;
    }
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError(`name one file\n\n${restoreUsage}`);
    const archive = resolve(file);
    if (!existsSync(archive)) throw new UsageError(`${archive} does not exist`);
    const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
    const running = await runningControlPlane(dataDir);
    if (running !== undefined) {
      throw new Error(
        `the control plane (pid ${running.pid}) is running for ${dataDir}: stop it first ` +
          `(Ctrl-C where \`switchyard start\` or \`npm start\` runs, or \`kill ${running.pid}\`), then restore`,
      );
    }

    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const staging = join(dataDir, `.restore-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { mode: 0o700 });
    try {
      let manifest: z.infer<typeof manifestSchema> | undefined;
      let files = 0;
      readArchive(archive, (entry, content) => {
        if (manifest === undefined) {
          const parsed =
            entry.name === manifestName
              ? manifestSchema.safeParse(JSON.parse(content.read().toString('utf8')))
              : undefined;
          if (parsed?.success !== true)
            throw new Error(`${archive} is not a Switchyard backup (no ${manifestName} first)`);
          manifest = parsed.data;
          return;
        }
        if (!isRestorable(entry.name))
          throw new Error(`${archive} holds "${entry.name}", which no backup writes: refusing it`);
        const target = join(staging, entry.name);
        if (entry.type === 'directory') {
          mkdirSync(target, { recursive: true, mode: 0o700 });
          return;
        }
        mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
        const fd = openSync(target, 'wx', 0o600);
        try {
          content.copyTo(fd);
        } finally {
          closeSync(fd);
        }
        files += 1;
      });
      if (manifest === undefined) throw new Error(`${archive} is empty`);
      if (!existsSync(join(staging, databaseName))) throw new Error(`${archive} holds no database`);

      // Everything checked and written: now the data directory's copies give way.
      for (const name of replaced) rmSync(join(dataDir, name), { recursive: true, force: true });
      for (const name of replaced)
        if (existsSync(join(staging, name))) renameSync(join(staging, name), join(dataDir, name));
      for (const identity of labIdentities(staging)) {
        rmSync(join(dataDir, identity), { recursive: true, force: true });
        mkdirSync(dirname(join(dataDir, identity)), { recursive: true, mode: 0o700 });
        renameSync(join(staging, identity), join(dataDir, identity));
      }
      console.log(
        `Restored ${files} files from the backup of ${manifest.createdAt} into ${dataDir}. ` +
          'Start the control plane (`switchyard start`): agents reconnect with their certificates.',
      );
      return 0;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  },
};
