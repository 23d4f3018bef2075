import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { UsageError, type Command } from '../command.js';
import { defaultDataDir } from '../config.js';
import { mutateControlPlane } from '../control-plane-client.js';
import { parseOptions } from '../options.js';
import { ArchiveWriter } from './backup-archive.js';
import { backedUpPaths, databaseName, manifestName, runningControlPlane } from './backup-contents.js';

export const backupUsage = `Usage: switchyard backup <file> [--data-dir <dir>]

Writes everything the cluster needs to come back to <file> (a tar archive, mode 0600; it must not
exist): a consistent copy of the database, taken online while the control plane runs (SQLite's
VACUUM INTO), the cluster CA and keys (tls/), the metrics scrape token, the image store (images/)
and the lab hosts' node identities. With the control plane stopped, the database files are copied
as they are. Restore with \`switchyard restore <file>\`.`;

const snapshotSchema = z.object({ path: z.string().min(1) });

export const backupCommand: Command = {
  async run(argv) {
    const { values, positionals } = parseOptions(argv, {
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      console.log(backupUsage);
      return 0;
    }
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError(`name one file\n\n${backupUsage}`);
    const out = resolve(file);
    if (existsSync(out)) throw new UsageError(`${out} exists: a backup never overwrites a file`);
    const dataDir = resolve(values['data-dir'] ?? defaultDataDir());

    const controlPlane = await runningControlPlane(dataDir);
    let snapshot: string | undefined;
    if (controlPlane !== undefined) {
      snapshot = (
        await mutateControlPlane(controlPlane, 'backup.snapshot', undefined, snapshotSchema, 120_000)
      ).path;
    } else if (!existsSync(join(dataDir, databaseName))) {
      throw new Error(`no database in ${dataDir}, and no control plane runs for it`);
    }
    const writer = new ArchiveWriter(out);
    let files = 0;
    let bytes = 0;
    try {
      const manifest = { format: 1, createdAt: new Date().toISOString(), online: snapshot !== undefined };
      writer.bytes(manifestName, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
      if (snapshot !== undefined) {
        bytes += writer.file(databaseName, snapshot);
      } else {
        // Nothing writes to a stopped control plane's database: the file and its log are consistent.
        bytes += writer.file(databaseName, join(dataDir, databaseName));
        const wal = join(dataDir, `${databaseName}-wal`);
        if (existsSync(wal)) bytes += writer.file(`${databaseName}-wal`, wal);
      }
      files += 1;
      for (const entry of backedUpPaths(dataDir)) {
        if (entry.directory) writer.directory(entry.relative);
        else {
          bytes += writer.file(entry.relative, join(dataDir, entry.relative));
          files += 1;
        }
      }
      writer.close();
    } catch (error) {
      writer.close();
      rmSync(out, { force: true });
      throw error;
    } finally {
      if (snapshot !== undefined) rmSync(snapshot, { force: true });
    }
    console.log(
      `Backed up ${dataDir} to ${out}: ${files} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB ` +
        `(the database ${snapshot === undefined ? 'copied with the control plane stopped' : 'snapshotted online'}, ` +
        'the cluster CA and keys, the image store, the lab hosts’ identities).\n' +
        `Restore with: switchyard restore ${out}${values['data-dir'] === undefined ? '' : ` --data-dir ${dataDir}`}`,
    );
    return 0;
  },
};
