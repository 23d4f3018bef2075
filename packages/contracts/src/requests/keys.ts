import { z } from 'zod';

/** A name, id or id prefix the caller must give. */
export const requiredName = z.string().trim().min(1, 'is required');

/** A stored record by its exact id (nodes, users, join tokens). */
export const recordIdSchema = z.object({ id: z.string().min(1) });

/** How much of a log to read: the last `tail` lines, or all of it with null. */
export const logTailSchema = z.number().int().positive().nullable().default(200);
