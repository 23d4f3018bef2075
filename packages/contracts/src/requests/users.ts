import { z } from 'zod';
import { roleSchema } from '../roles.js';

export const usernameSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9._-]{1,31}$/,
    'must be 2-32 lower-case letters, digits, dots, dashes or underscores',
  );

export const userCreateInputSchema = z.object({
  username: usernameSchema,
  password: z.string().min(8, 'must be at least 8 characters').max(256),
  role: roleSchema,
});
