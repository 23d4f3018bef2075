import { z } from 'zod';
import { pathTargetSchema, probeSpecSchema } from '../diagnostics.js';

const required = z.string().trim().min(1, 'is required').max(256);

export const probeInputSchema = z.object({ sandbox: required, probe: probeSpecSchema });

export const pathCheckInputSchema = z.object({ from: required, to: pathTargetSchema });

export const hostViewInputSchema = z.object({
  node: required,
  subject: z.object({ kind: z.enum(['network', 'service']), name: required }),
});
