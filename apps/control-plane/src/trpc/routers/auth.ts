import { TRPCError } from '@trpc/server';
import { credentialsSchema, roleSchema } from '@switchyard/contracts';
import { clearedSessionCookie, sessionCookie } from '../../auth/cookies.js';
import { verifyPassword } from '../../auth/passwords.js';
import { publicProcedure, router } from '../trpc.js';

export const authRouter = router({
  login: publicProcedure.input(credentialsSchema).mutation(async ({ ctx, input }) => {
    // The attempt was counted against the peer before the request ran (http/login-gate.ts).
    const { db, events, sessions, loginThrottle } = ctx.services;
    const user = await db.user.findUnique({ where: { username: input.username } });
    const valid = user !== null && (await verifyPassword(input.password, user.passwordHash));
    if (!valid || user === null) {
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

  /** Who is signed in. A probe the dashboard makes on every load, so a miss is not an event. */
  me: publicProcedure.query(({ ctx }) => {
    if (ctx.actor === null)
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'log in first: no valid session' });
    return ctx.actor;
  }),
});
