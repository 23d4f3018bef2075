import { z } from 'zod';

/**
 * Building blocks for the Docker Engine API's request bodies. The docker CLI is written in Go: absent
 * slices and maps arrive as `null`, absent strings as `""`; these read both as "not given".
 */
export function optionalText<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());
}

export function given<T>(value: T | '' | null | undefined): T | undefined {
  return value === '' || value === null ? undefined : value;
}

export const stringMapSchema = z
  .record(z.string(), z.string())
  .nullish()
  .transform((map) => map ?? {});

export const stringListSchema = z
  .array(z.string())
  .nullish()
  .transform((list) => list ?? []);

/** A field Switchyard refuses when set, with the reason a user reads next to the field's name. */
export function unsupportedFlag(reason: string) {
  return z
    .boolean()
    .nullish()
    .refine((on) => on !== true, reason);
}

/** A text field Switchyard refuses when set. */
export function unsupportedText(reason: string) {
  return z
    .string()
    .nullish()
    .refine((text) => !text, reason);
}

/** A list field Switchyard refuses when it has entries. */
export function unsupportedList(reason: string) {
  return z
    .array(z.unknown())
    .nullish()
    .refine((list) => !list?.length, reason);
}
