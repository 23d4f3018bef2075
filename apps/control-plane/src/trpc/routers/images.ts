import { imagePullInputSchema, imageRemoveInputSchema, imageTagInputSchema } from '@switchyard/contracts';
import { operatorProcedure, router, viewerProcedure } from '../trpc.js';

/**
 * The Images page: what is loaded or pulled and which hosts hold it. Uploads are not tRPC (a tar
 * body): the dashboard posts them to `/ui/images/load` (http/image-upload.ts).
 */
export const imagesRouter = router({
  /** Built-in images first (source `builtin`, runtime `process`), then the loaded and pulled ones. */
  list: viewerProcedure.query(({ ctx }) => ctx.services.images.list()),

  remove: operatorProcedure
    .input(imageRemoveInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.images.remove(input.id, { force: input.force }, ctx.actor.username),
    ),

  tag: operatorProcedure.input(imageTagInputSchema).mutation(async ({ ctx, input }) => {
    const image = await ctx.services.images.tag(input.id, input.reference, ctx.actor.username);
    return { id: image.id, references: image.references };
  }),

  pull: operatorProcedure.input(imagePullInputSchema).mutation(async ({ ctx, input }) => {
    const image = await ctx.services.images.pull(input.reference, ctx.actor.username);
    return { id: image.id, references: image.references };
  }),
});
