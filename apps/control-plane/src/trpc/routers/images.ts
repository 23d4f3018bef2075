// TEMPORARY STUB (rt-web): the shape helper B's images router exposes, so the dashboard typechecks
// before rt-images is merged. Reverted before the branch is handed over.
import { z } from 'zod';
import type { ImageLoadResult, ImageView } from '@switchyard/contracts';
import { operatorProcedure, router, viewerProcedure } from '../trpc.js';

export const imagesRouter = router({
  list: viewerProcedure.query((): ImageView[] => []),
  remove: operatorProcedure
    .input(z.object({ id: z.string(), force: z.boolean() }))
    .mutation(() => ({ ok: true as const })),
  tag: operatorProcedure
    .input(z.object({ id: z.string(), reference: z.string() }))
    .mutation(() => ({ ok: true as const })),
  pull: operatorProcedure
    .input(z.object({ reference: z.string() }))
    .mutation((): ImageLoadResult => ({ images: [] })),
});
