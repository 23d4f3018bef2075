import {
  bundleCreateForInputSchema,
  bundleCreateInputSchema,
  bundleRevokeInputSchema,
} from '@switchyard/contracts';
import { createBundle, listBundles, revokeBundle } from '../../bundles/bundle-service.js';
import { ServiceError } from '../../errors.js';
import type { Services } from '../context.js';
import { adminProcedure, router, viewerProcedure } from '../trpc.js';

/** The signed-in user's id: the local CLI's token is no user and has no bundles of its own. */
async function userId(services: Services, username: string): Promise<string> {
  const user = await services.db.user.findUnique({ where: { username } });
  if (user === null) throw new ServiceError('NOT_FOUND', `${username} is not a user: use bundles.createFor`);
  return user.id;
}

/** Client bundles for the docker CLI over TLS, as UCP's: every user makes and revokes their own. */
export const bundlesRouter = router({
  create: viewerProcedure
    .input(bundleCreateInputSchema)
    .mutation(({ ctx, input }) =>
      createBundle(ctx.services, ctx.actor.username, input.label, ctx.actor.username),
    ),

  /** `switchyard bundle <user>`: an admin makes one for any user. */
  createFor: adminProcedure
    .input(bundleCreateForInputSchema)
    .mutation(({ ctx, input }) =>
      createBundle(ctx.services, input.username, input.label, ctx.actor.username),
    ),

  /** One's own bundles; an admin sees everyone's. */
  list: viewerProcedure.query(async ({ ctx }) =>
    ctx.actor.role === 'admin'
      ? listBundles(ctx.services.db)
      : listBundles(ctx.services.db, await userId(ctx.services, ctx.actor.username)),
  ),

  revoke: viewerProcedure.input(bundleRevokeInputSchema).mutation(async ({ ctx, input }) => {
    const owner = ctx.actor.role === 'admin' ? undefined : await userId(ctx.services, ctx.actor.username);
    await revokeBundle(ctx.services, input.serial, ctx.actor.username, owner);
    return { ok: true };
  }),
});
