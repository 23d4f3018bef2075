import type { z } from 'zod';

/** Reads a JSON text column through its schema, so a damaged row fails loudly at the boundary. */
export function readJsonColumn<T>(schema: z.ZodType<T>, text: string): T {
  return schema.parse(JSON.parse(text));
}
