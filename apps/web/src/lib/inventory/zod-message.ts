import type { z } from 'zod';

/** The schema's own message for a bad value (the same words the server would use), or null if it passes. */
export function zodMessage(schema: z.ZodType, value: unknown): string | null {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? 'is not valid');
}

/** Splits "a, b c" into ["a", "b", "c"]: lists typed in one box, as the docker CLI's repeated flags. */
export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter((item) => item !== '');
}
