import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  describeZodError,
  illFormedTextPath,
  illFormedTextReason,
  roleAllows,
  type Role,
} from '@switchyard/contracts';
import { ServiceError, type ServiceErrorCode } from '../errors.js';
import type { Context } from './context.js';

/** The input field an error is about, so a form can show it next to that field. */
function errorField(cause: unknown): string | null {
  if (cause instanceof ServiceError) return cause.field ?? null;
  if (cause instanceof z.ZodError) return cause.issues[0]?.path.join('.') || null;
  return null;
}

/** What a caller reads for a failure of ours: the details go to the log, not to whoever asked. */
export const internalErrorMessage = 'internal error: the control plane could not do this (see its log)';

const t = initTRPC.context<Context>().create({
  // Never a stack trace in an answer, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error, path }) {
    const zodError = error.cause instanceof z.ZodError ? error.cause : null;
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    if (internal) console.error(`trpc: ${path ?? '(no procedure)'} failed:`, error.cause ?? error);
    // The stack is dropped even were isDev ever turned on.
    const { stack: _stack, ...data } = shape.data as typeof shape.data & { stack?: string };
    return {
      ...shape,
      // Input errors name the field and the reason instead of dumping the raw issue list.
      message: internal
        ? internalErrorMessage
        : zodError !== null
          ? describeZodError(zodError)
          : shape.message,
      data: {
        ...data,
        fieldErrors: zodError !== null ? z.flattenError(zodError).fieldErrors : null,
        field: internal ? null : errorField(error.cause),
      },
    };
  },
});

const trpcCodes: Record<ServiceErrorCode, TRPCError['code']> = {
  BAD_REQUEST: 'BAD_REQUEST',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** A service's refusal becomes the matching tRPC error, keeping its message and field. */
const serviceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ServiceError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodes[cause.code], message: cause.message, cause });
  }
  return result;
});

/** Input that is not Unicode text is refused before any procedure (or the store) reads it. */
const wellFormedInput = t.middleware(async ({ next, getRawInput }) => {
  // Unparsable input is the input parser's to refuse, or to ignore for a procedure that takes none.
  const raw = await getRawInput().catch(() => undefined);
  const path = illFormedTextPath(raw);
  if (path === null) return next();
  // A ServiceError, so serviceErrors (outside this) answers it as the 400 it is, naming the field.
  throw new ServiceError('BAD_REQUEST', `${path || 'input'}: ${illFormedTextReason}`, path || undefined);
});

export const router = t.router;
export const publicProcedure = t.procedure.use(serviceErrors).use(wellFormedInput);

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
export const viewerProcedure = publicProcedure.use(requireRole('viewer'));
/** Changes networks, services and routes. */
export const operatorProcedure = publicProcedure.use(requireRole('operator'));
/** Manages users and nodes. */
export const adminProcedure = publicProcedure.use(requireRole('admin'));
