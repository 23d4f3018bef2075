import { z } from 'zod';

/**
 * Docker's `filters` query parameter, once JSON-decoded: key -> accepted values. Current clients send
 * {"name":{"x":true}}; API versions before 1.22 sent {"name":["x"]}.
 */
export const dockerFiltersSchema = z.record(
  z.string(),
  z.union([z.record(z.string(), z.boolean()), z.array(z.string())]),
);
export type DockerFilters = z.output<typeof dockerFiltersSchema>;
