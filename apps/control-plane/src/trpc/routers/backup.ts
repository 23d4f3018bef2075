import { snapshotDatabase } from '../../db/snapshot.js';
import { adminProcedure, router } from '../trpc.js';

export const backupRouter = router({
  /**
   * `switchyard backup`: a consistent copy of the database, written in the data directory for the
   * CLI on this machine to archive (with the CA and the image store) and remove. Admin only: the
   * copy holds every digest and the cluster's state.
   */
  snapshot: adminProcedure.mutation(async ({ ctx }) => {
    const { db, events, config } = ctx.services;
    const path = await snapshotDatabase(db, config.dataDir);
    await events.record({
      kind: 'backup.snapshot',
      severity: 'info',
      actor: ctx.actor.username,
      subject: 'database',
      message: `${ctx.actor.username} took a snapshot of the database for a backup`,
    });
    return { path };
  }),
});
