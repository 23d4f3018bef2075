import { z } from 'zod';

/**
 * `<data dir>/control-plane.json`, written by a running control plane (mode 0600, root only) so the
 * `switchyard` CLI on the same machine can find it: like Docker's root-only socket, being root on
 * the control plane's machine is what grants these credentials.
 */
export const localControlPlaneFile = 'control-plane.json';

export const localControlPlaneSchema = z.object({
  /** Where the control plane answers on this machine, e.g. http://127.0.0.1:7080. */
  url: z.string().url(),
  port: z.number().int().positive(),
  pid: z.number().int().positive(),
  /** A join token for agents of the local lab; rotated at every start. */
  joinToken: z.string(),
  /** Bearer token with the admin role for the local CLI; rotated at every start. */
  cliToken: z.string(),
});
export type LocalControlPlane = z.infer<typeof localControlPlaneSchema>;
