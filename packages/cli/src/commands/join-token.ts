import { z } from 'zod';
import { UsageError, type Command } from '../command.js';
import { defaultDataDir } from '../config.js';
import { mutateControlPlane } from '../control-plane-client.js';
import { readLocalControlPlane } from '../local-control-plane.js';
import { parseOptions } from '../options.js';

const usage = `Usage: switchyard join-token [--rotate] [--data-dir <dir>]

Prints the command that joins a host to this machine's control plane, with the cluster's current
join token (one is issued when none is usable). --rotate revokes every join token but the local
lab's and issues a new one: joined nodes keep their certificates, old tokens stop working.`;

const issuedSchema = z.object({ joinCommand: z.string(), expiresAt: z.string() });

/** `switchyard join-token [--rotate]`, as root on the control plane's machine (its local CLI token). */
export const joinTokenCommand: Command = {
  async run(argv) {
    const { values, positionals } = parseOptions(argv, {
      rotate: { type: 'boolean' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      console.log(usage);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')}\n${usage}`);
    const dataDir = values['data-dir'] ?? defaultDataDir();
    const controlPlane = await readLocalControlPlane(dataDir);
    if (controlPlane === undefined) throw new Error(`no control plane is running for data dir ${dataDir}`);
    const rotate = values.rotate === true;
    const issued = await mutateControlPlane(
      controlPlane,
      rotate ? 'tokens.rotate' : 'tokens.current',
      undefined,
      issuedSchema,
    );
    if (rotate)
      console.log(
        'Rotated: every earlier join token (but the local lab’s) no longer works; joined nodes are unaffected.',
      );
    console.log(
      `To join a host, run on it (the token expires ${issued.expiresAt}):\n\n  ${issued.joinCommand}`,
    );
    return 0;
  },
};
