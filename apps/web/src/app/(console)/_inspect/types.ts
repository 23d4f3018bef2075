import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../lib/trpc/app-router';

type Outputs = inferRouterOutputs<AppRouter>;

export type NetworkInspectData = Outputs['networks']['inspect'];
export type NodeInspectData = Outputs['nodes']['inspect'];
export type ContainerInspectData = Outputs['inventory']['container'];
export type ServiceInspectData = Outputs['inventory']['service'];
export type DescribedConditionData = NodeInspectData['conditions'][number];
