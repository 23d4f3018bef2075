import { z } from 'zod';
import { usernameSchema } from './users.js';

/** What a user calls a client bundle, to tell their laptops apart when revoking one. */
export const bundleLabelSchema = z
  .string()
  .trim()
  .regex(/^[\w .@+-]{1,64}$/, 'must be 1-64 letters, digits, spaces or ._@+-');

export const bundleCreateInputSchema = z.object({ label: bundleLabelSchema });

/** `switchyard bundle <user>`: an admin makes a bundle for any user. */
export const bundleCreateForInputSchema = z.object({ username: usernameSchema, label: bundleLabelSchema });

/** A certificate serial as the bundle list shows it: hex, compared upper-case without leading zeros. */
export const certificateSerialSchema = z
  .string()
  .trim()
  .regex(/^(?:[0-9a-fA-F]{2}:?){1,32}$|^[0-9a-fA-F]{1,64}$/, 'must be a certificate serial in hex')
  .transform((serial) =>
    serial
      .replace(/:/g, '')
      .toUpperCase()
      .replace(/^0+(?=.)/, ''),
  );

export const bundleRevokeInputSchema = z.object({ serial: certificateSerialSchema });

/** A bundle as `bundles.create` hands it over, once: the zip (base64) and what identifies it. */
export const createdBundleSchema = z.object({
  serial: z.string(),
  notAfter: z.string(),
  /** `switchyard-<user>-<label>.zip` */
  fileName: z.string(),
  zipBase64: z.string(),
});
export type CreatedBundle = z.infer<typeof createdBundleSchema>;
