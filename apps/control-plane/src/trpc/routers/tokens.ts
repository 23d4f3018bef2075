import { TRPCError } from '@trpc/server';
import { joinTokenRequestSchema, recordIdSchema } from '@switchyard/contracts';
import { issueJoinToken } from '../../auth/join-tokens.js';
import { adminProcedure, router } from '../trpc.js';

export const tokensRouter = router({
  list: adminProcedure.query(({ ctx }) =>
    ctx.services.db.joinToken.findMany({
      orderBy: { createdAt: 'desc' },
      select: {
        id: true,
        hint: true,
        purpose: true,
        createdBy: true,
        createdAt: true,
        expiresAt: true,
        revokedAt: true,
        lastUsedAt: true,
      },
    }),
  ),

  /** Issues a join token; the token itself is returned once and only its digest is kept. */
  create: adminProcedure.input(joinTokenRequestSchema).mutation(async ({ ctx, input }) => {
    const { events } = ctx.services;
    const { config, ca } = ctx.services;
    const expiresAt = new Date(
      Date.now() +
        (input.expiresInHours === undefined ? config.joinTokenTtlMs : input.expiresInHours * 3_600_000),
    );
    const issued = await events.commit(
      (tx) =>
        issueJoinToken(tx, {
          purpose: input.purpose,
          createdBy: ctx.actor.username,
          caDigest: ca.digest,
          expiresAt,
        }),
      (created) => ({
        kind: 'token.created',
        severity: 'info',
        actor: ctx.actor.username,
        subject: created.id,
        message: `${ctx.actor.username} issued a join token for "${input.purpose}"`,
      }),
    );
    const joinCommand = `switchyard agent --join ${ctx.services.advertisedUrl()} --token ${issued.token}`;
    return { id: issued.id, token: issued.token, joinCommand };
  }),

  revoke: adminProcedure.input(recordIdSchema).mutation(async ({ ctx, input }) => {
    const { db, events } = ctx.services;
    const token = await db.joinToken.findUnique({ where: { id: input.id } });
    if (token === null)
      throw new TRPCError({ code: 'NOT_FOUND', message: `id: no join token with id ${input.id}` });
    await events.commit(
      (tx) => tx.joinToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } }),
      () => ({
        kind: 'token.revoked',
        severity: 'info',
        actor: ctx.actor.username,
        subject: token.id,
        message: `${ctx.actor.username} revoked join token ${token.hint}… ("${token.purpose}")`,
      }),
    );
    return { ok: true };
  }),
});
