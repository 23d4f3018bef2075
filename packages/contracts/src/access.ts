import { z } from 'zod';

/** What signing in takes; the login form checks the same rules as the server. */
export const credentialsSchema = z.object({
  username: z.string().trim().min(1, 'is required').max(64),
  password: z.string().min(1, 'is required').max(256),
});
export type Credentials = z.infer<typeof credentialsSchema>;

/** What issuing a join token takes: why (shown in the token list and the audit log) and for how long. */
export const joinTokenRequestSchema = z.object({
  purpose: z.string().trim().min(1, 'is required').max(120),
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .optional(),
  /** A short-lived token (tests, a join right now); takes precedence over expiresInHours. */
  expiresInSeconds: z
    .number()
    .int()
    .min(1)
    .max(24 * 3_600)
    .optional(),
});
export type JoinTokenRequest = z.infer<typeof joinTokenRequestSchema>;
