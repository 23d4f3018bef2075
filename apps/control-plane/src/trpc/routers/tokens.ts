import { TRPCError } from '@trpc/server';
import { joinTokenRequestSchema, recordIdSchema } from '@switchyard/contracts';
import { issueJoinToken } from '../../auth/join-tokens.js';
import type { Services } from '../context.js';
import { adminProcedure, router } from '../trpc.js';

/** What to run on a new host: the agent dials the advertised https URL and pins the CA by the token. */
function joinCommand(services: Services, token: string): string {
  return `switchyard agent --join ${services.advertisedUrl()} --token ${token}`;
}

/** A token just issued, as its caller sees it once. */
function issuedAnswer(services: Services, issued: { id: string; token: string; expiresAt: Date }) {
  return { ...issued, joinCommand: joinCommand(services, issued.token) };
}

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
    const lifetimeMs =
      input.expiresInSeconds !== undefined
        ? input.expiresInSeconds * 1_000
        : input.expiresInHours !== undefined
          ? input.expiresInHours * 3_600_000
          : config.joinTokenTtlMs;
    const expiresAt = new Date(Date.now() + lifetimeMs);
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
    return issuedAnswer(ctx.services, issued);
  }),

  /** The current join token and its command (`switchyard join-token`), issued when none is usable. */
  current: adminProcedure.mutation(async ({ ctx }) =>
    issuedAnswer(ctx.services, await ctx.services.joinToken.get(ctx.actor.username)),
  ),

  /**
   * Revokes every join token but the local lab's and issues a new one, returned once. Joined nodes
   * keep their certificates.
   */
  rotate: adminProcedure.mutation(async ({ ctx }) =>
    issuedAnswer(ctx.services, await ctx.services.joinToken.rotate(ctx.actor.username)),
  ),

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
