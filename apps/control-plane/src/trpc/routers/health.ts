import { router, viewerProcedure } from '../trpc.js';

export const healthRouter = router({
  /** The cluster's key series over the last minutes, a point every few seconds (metrics/health-sampler.ts). */
  series: viewerProcedure.query(({ ctx }) => ctx.services.health.series()),
});
