import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { roleAllows, type Role } from '@switchyard/contracts';
import { describeZodError } from '../validation.js';
import type { Context } from './context.js';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof z.ZodError ? error.cause : null;
    return {
      ...shape,
      // Input errors name the field and the reason instead of dumping the raw issue list.
      message: zodError !== null ? describeZodError(zodError) : shape.message,
      data: { ...shape.data, fieldErrors: zodError !== null ? z.flattenError(zodError).fieldErrors : null },
    };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;

function requireRole(needed: Role) {
  return t.middleware(async ({ ctx, next, path, type }) => {
    const { actor, services, origin } = ctx;
    if (actor === null) {
      await services.events.record({
        kind: 'auth.denied',
        severity: 'warning',
        actor: `anonymous@${origin.clientAddress}`,
        subject: path,
        message: `${type} ${path} refused: no valid session`,
      });
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'log in first: no valid session' });
    }
    if (!roleAllows(actor.role, needed)) {
      await services.events.record({
        kind: 'auth.denied',
        severity: 'warning',
        actor: actor.username,
        subject: path,
        message: `${actor.username} (${actor.role}) may not call ${path}: it needs the ${needed} role`,
      });
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `the ${actor.role} role cannot do this: ${path} needs the ${needed} role`,
      });
    }
    return next({ ctx: { ...ctx, actor } });
  });
}

/** Reads anything: every signed-in user. */
export const viewerProcedure = t.procedure.use(requireRole('viewer'));
/** Changes networks, services and routes. */
export const operatorProcedure = t.procedure.use(requireRole('operator'));
/** Manages users and nodes. */
export const adminProcedure = t.procedure.use(requireRole('admin'));
