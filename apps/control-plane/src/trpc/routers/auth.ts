import { TRPCError } from '@trpc/server';
import { credentialsSchema, passwordChangeInputSchema, roleSchema } from '@switchyard/contracts';
import { authenticate } from '../../auth/authenticate.js';
import { clearedSessionCookie, sessionCookie } from '../../auth/cookies.js';
import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import { endSessions } from '../../auth/sessions.js';
import { ServiceError } from '../../errors.js';
import type { Context } from '../context.js';
import { publicProcedure, router, viewerProcedure } from '../trpc.js';

/** The signed-in user behind a browser session: the CLI's bearer token has no password or sessions. */
async function sessionUser(ctx: Context, username: string) {
  const user =
    ctx.sessionToken === undefined ? null : await ctx.services.db.user.findUnique({ where: { username } });
  if (user === null)
    throw new ServiceError('BAD_REQUEST', `${username} is not a user signed in with a password`);
  return user;
}

export const authRouter = router({
  login: publicProcedure.input(credentialsSchema).mutation(async ({ ctx, input }) => {
    // The attempt was counted against the peer before the request ran (http/http-guard.ts).
    const { db, events, sessions, loginThrottle } = ctx.services;
    const user = await authenticate(db, input.username, input.password);
    if (user === null) {
      await events.record({
        kind: 'auth.login.failed',
        severity: 'warning',
        actor: `${input.username}@${ctx.origin.clientAddress}`,
        subject: input.username,
        message: `failed login for "${input.username}" from ${ctx.origin.clientAddress}`,
      });
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'wrong username or password' });
    }
    loginThrottle.succeed(ctx.origin.clientAddress);
    const session = await sessions.create(user.id);
    ctx.setCookie(sessionCookie(session.token, session.maxAgeSeconds, ctx.origin));
    await events.record({
      kind: 'auth.login',
      severity: 'info',
      actor: user.username,
      subject: user.username,
      message: `${user.username} logged in from ${ctx.origin.clientAddress}`,
    });
    return { username: user.username, role: roleSchema.parse(user.role) };
  }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionToken !== undefined) await ctx.services.sessions.destroy(ctx.sessionToken);
    ctx.setCookie(clearedSessionCookie(ctx.origin));
    // Without a session there was nobody signed in, so nothing to tell.
    if (ctx.actor !== null && ctx.sessionToken !== undefined) {
      await ctx.services.events.record({
        kind: 'auth.logout',
        severity: 'info',
        actor: ctx.actor.username,
        subject: ctx.actor.username,
        message: `${ctx.actor.username} logged out from ${ctx.origin.clientAddress}`,
      });
    }
    return { ok: true };
  }),

  /**
   * Anyone signed in changes their own password, proving the current one (counted as a login attempt
   * by http/http-guard.ts). Every other session of theirs ends: whoever else holds one is out.
   */
  changePassword: viewerProcedure.input(passwordChangeInputSchema).mutation(async ({ ctx, input }) => {
    const { events, loginThrottle } = ctx.services;
    const user = await sessionUser(ctx, ctx.actor.username);
    if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
      await events.record({
        kind: 'auth.denied',
        severity: 'warning',
        actor: user.username,
        subject: user.username,
        message: `${user.username} gave a wrong current password to change it, from ${ctx.origin.clientAddress}`,
      });
      throw new ServiceError(
        'BAD_REQUEST',
        'currentPassword: is not your current password',
        'currentPassword',
      );
    }
    loginThrottle.succeed(ctx.origin.clientAddress);
    if (input.newPassword === input.currentPassword) {
      throw new ServiceError(
        'BAD_REQUEST',
        'newPassword: must differ from the current password',
        'newPassword',
      );
    }
    const passwordHash = await hashPassword(input.newPassword);
    const ended = await events.commit(
      async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
        return endSessions(tx, user.id, ctx.sessionToken);
      },
      (count) => ({
        kind: 'user.password.changed',
        severity: 'info',
        actor: user.username,
        subject: user.username,
        message: `${user.username} changed their password; ${count} other session(s) ended`,
      }),
    );
    return { endedSessions: ended };
  }),

  /** Ends every session of the caller, this one included. */
  signOutEverywhere: viewerProcedure.mutation(async ({ ctx }) => {
    const user = await sessionUser(ctx, ctx.actor.username);
    const ended = await ctx.services.events.commit(
      (tx) => endSessions(tx, user.id),
      (count) => ({
        kind: 'auth.logout.everywhere',
        severity: 'info',
        actor: user.username,
        subject: user.username,
        message: `${user.username} signed out everywhere from ${ctx.origin.clientAddress}: ${count} session(s) ended`,
      }),
    );
    ctx.setCookie(clearedSessionCookie(ctx.origin));
    return { endedSessions: ended };
  }),

  /** Who is signed in. A probe the dashboard makes on every load, so a miss is not an event. */
  me: publicProcedure.query(({ ctx }) => {
    if (ctx.actor === null)
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'log in first: no valid session' });
    return ctx.actor;
  }),
});
