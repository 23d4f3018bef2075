import { TRPCError } from '@trpc/server';
import { recordIdSchema, userCreateInputSchema } from '@switchyard/contracts';
import { hashPassword } from '../../auth/passwords.js';
import { adminProcedure, router } from '../trpc.js';

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) =>
    ctx.services.db.user.findMany({
      orderBy: { username: 'asc' },
      select: { id: true, username: true, role: true, createdAt: true },
    }),
  ),

  create: adminProcedure.input(userCreateInputSchema).mutation(async ({ ctx, input }) => {
    const { db, events } = ctx.services;
    if ((await db.user.findUnique({ where: { username: input.username } })) !== null) {
      throw new TRPCError({ code: 'CONFLICT', message: `username: "${input.username}" is taken` });
    }
    const passwordHash = await hashPassword(input.password);
    const user = await events.commit(
      (tx) => tx.user.create({ data: { username: input.username, role: input.role, passwordHash } }),
      (created) => ({
        kind: 'user.created',
        severity: 'info',
        actor: ctx.actor.username,
        subject: created.username,
        message: `${ctx.actor.username} created user ${created.username} (${created.role})`,
      }),
    );
    return { id: user.id, username: user.username, role: user.role, createdAt: user.createdAt };
  }),

  remove: adminProcedure.input(recordIdSchema).mutation(async ({ ctx, input }) => {
    const { db, events } = ctx.services;
    const user = await db.user.findUnique({ where: { id: input.id } });
    if (user === null) throw new TRPCError({ code: 'NOT_FOUND', message: `id: no user with id ${input.id}` });
    if (user.username === ctx.actor.username) {
      throw new TRPCError({ code: 'CONFLICT', message: 'you cannot remove your own account' });
    }
    if (user.role === 'admin' && (await db.user.count({ where: { role: 'admin' } })) <= 1) {
      throw new TRPCError({ code: 'CONFLICT', message: `${user.username} is the last admin` });
    }
    await events.commit(
      (tx) => tx.user.delete({ where: { id: user.id } }),
      () => ({
        kind: 'user.removed',
        severity: 'info',
        actor: ctx.actor.username,
        subject: user.username,
        message: `${ctx.actor.username} removed user ${user.username}`,
      }),
    );
    return { ok: true };
  }),
});
