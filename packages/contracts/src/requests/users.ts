import { z } from 'zod';
import { roleSchema } from '../roles.js';

export const usernameSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9._-]{1,31}$/,
    'must be 2-32 lower-case letters, digits, dots, dashes or underscores',
  );

/** A password someone sets (creating a user, resetting or changing one): long, as OWASP advises. */
export const newPasswordSchema = z.string().min(12, 'must be at least 12 characters').max(256);

export const userCreateInputSchema = z.object({
  username: usernameSchema,
  password: newPasswordSchema,
  role: roleSchema,
});
export type UserCreateInput = z.infer<typeof userCreateInputSchema>;

export const userSetRoleInputSchema = z.object({ id: z.string().min(1), role: roleSchema });
export type UserSetRoleInput = z.infer<typeof userSetRoleInputSchema>;

export const userResetPasswordInputSchema = z.object({ id: z.string().min(1), password: newPasswordSchema });
export type UserResetPasswordInput = z.infer<typeof userResetPasswordInputSchema>;

export const passwordChangeInputSchema = z.object({
  currentPassword: z.string().min(1, 'is required').max(256),
  newPassword: newPasswordSchema,
});
export type PasswordChangeInput = z.infer<typeof passwordChangeInputSchema>;
