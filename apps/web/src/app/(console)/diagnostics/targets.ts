import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../lib/trpc/app-router';

type Outputs = inferRouterOutputs<AppRouter>['diagnostics'];

/** What the pickers offer: sandboxes, services, nodes and networks. */
export type DiagnosticsTargets = Outputs['targets'];
export type ProbeRun = Outputs['probe'];
