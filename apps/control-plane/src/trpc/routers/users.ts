import {
  recordIdSchema,
  roleSchema,
  userCreateInputSchema,
  userResetPasswordInputSchema,
  userSetRoleInputSchema,
} from '@switchyard/contracts';
import { hashPassword } from '../../auth/passwords.js';
import { endSessions } from '../../auth/sessions.js';
import type { Db, Tx } from '../../db/client.js';
import { ServiceError } from '../../errors.js';
import { adminProcedure, router } from '../trpc.js';

async function existingUser(db: Db | Tx, id: string) {
  const user = await db.user.findUnique({ where: { id } });
  if (user === null) throw new ServiceError('NOT_FOUND', `id: no user with id ${id}`, 'id');
  return user;
}

/** What the dashboard lists: the role as the enum it is, the date as JSON carries it. */
function userView(user: { id: string; username: string; role: string; createdAt: Date }) {
  return {
    id: user.id,
    username: user.username,
    role: roleSchema.parse(user.role),
    createdAt: user.createdAt.toISOString(),
  };
}

/** Inside the change's transaction, so two admins demoting each other cannot leave none. */
async function refuseLastAdmin(tx: Tx, user: { username: string; role: string }, field: string) {
  if (user.role === 'admin' && (await tx.user.count({ where: { role: 'admin' } })) <= 1) {
    throw new ServiceError(
      'CONFLICT',
      `${field}: ${user.username} is the last admin; make another admin first`,
      field,
    );
  }
}

// A user's sessions end whenever their account changes under them (role, password, removal): a
// session never outlives the grant it was opened with.
export const usersRouter = router({
  list: adminProcedure.query(async ({ ctx }) =>
    (
      await ctx.services.db.user.findMany({
        orderBy: { username: 'asc' },
        select: { id: true, username: true, role: true, createdAt: true },
      })
    ).map(userView),
  ),

  create: adminProcedure.input(userCreateInputSchema).mutation(async ({ ctx, input }) => {
    const { db, events } = ctx.services;
    if ((await db.user.findUnique({ where: { username: input.username } })) !== null) {
      throw new ServiceError('CONFLICT', `username: "${input.username}" is taken`, 'username');
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
    return userView(user);
  }),

  setRole: adminProcedure.input(userSetRoleInputSchema).mutation(async ({ ctx, input }) => {
    const { db, events } = ctx.services;
    const user = await existingUser(db, input.id);
    if (user.username === ctx.actor.username) {
      throw new ServiceError('CONFLICT', 'role: you cannot change your own role; another admin must', 'role');
    }
    if (user.role === input.role) return { id: user.id, role: user.role, endedSessions: 0 };
    const ended = await events.commit(
      async (tx) => {
        if (input.role !== 'admin') await refuseLastAdmin(tx, user, 'role');
        await tx.user.update({ where: { id: user.id }, data: { role: input.role } });
        return endSessions(tx, user.id);
      },
      (count) => ({
        kind: 'user.role.changed',
        severity: 'info',
        actor: ctx.actor.username,
        subject: user.username,
        message: `${ctx.actor.username} changed ${user.username}'s role from ${user.role} to ${input.role}; ${count} session(s) ended`,
      }),
    );
    return { id: user.id, role: input.role, endedSessions: ended };
  }),

  resetPassword: adminProcedure.input(userResetPasswordInputSchema).mutation(async ({ ctx, input }) => {
    const { db, events } = ctx.services;
    const user = await existingUser(db, input.id);
    const passwordHash = await hashPassword(input.password);
    const ended = await events.commit(
      async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
        return endSessions(tx, user.id);
      },
      (count) => ({
        kind: 'user.password.reset',
        severity: 'info',
        actor: ctx.actor.username,
        subject: user.username,
        message: `${ctx.actor.username} reset ${user.username}'s password; ${count} session(s) ended`,
      }),
    );
    return { id: user.id, endedSessions: ended };
  }),

  remove: adminProcedure.input(recordIdSchema).mutation(async ({ ctx, input }) => {
    const { db, events } = ctx.services;
    const user = await existingUser(db, input.id);
    if (user.username === ctx.actor.username) {
      throw new ServiceError('CONFLICT', 'id: you cannot remove your own account; another admin must', 'id');
    }
    await events.commit(
      async (tx) => {
        await refuseLastAdmin(tx, user, 'id');
        await endSessions(tx, user.id);
        await ctx.services.certificates.revokeUser(user.id, tx);
        await tx.user.delete({ where: { id: user.id } });
      },
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
