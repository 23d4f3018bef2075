import { z } from 'zod';

/** The dashboard's terminal on `/ui` (UiClientEvents): what each of its messages must hold. */
const sizeField = z.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000');
const execIdField = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits');

export const terminalOpenSchema = z.object({
  containerId: z.string().trim().min(1, 'is required').max(128),
  /** Default: `sh`. */
  command: z.array(z.string().max(4096)).min(1, 'needs a program').max(64).optional(),
  cols: sizeField,
  rows: sizeField,
});
export type TerminalOpen = z.infer<typeof terminalOpenSchema>;

export const terminalInputSchema = z.object({
  execId: execIdField,
  data: z.string().max(65_536, 'must be at most 65536 characters'),
});
export const terminalResizeSchema = z.object({ execId: execIdField, cols: sizeField, rows: sizeField });
export const terminalCloseSchema = z.object({ execId: execIdField });
