// Type only: the dashboard never bundles server code, it only learns the procedures' shapes.
export type { AppRouter } from '@control-plane/trpc/router';
