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
  /** `unix:///…/docker.sock`: the Engine API for root on this machine; null when off. */
  dockerHost: z.string().nullable().default(null),
});
export type LocalControlPlane = z.infer<typeof localControlPlaneSchema>;

/** The file's text as a LocalControlPlane; throws, naming `path`, when it is not one. */
export function parseLocalControlPlane(path: string, text: string): LocalControlPlane {
  const parsed = localControlPlaneSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is malformed: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/**
 * What a control plane started as a child process (`apps/control-plane/src/main.ts` under
 * `switchyard start` or `switchyard control-plane`) tells its parent over the IPC channel: that it
 * listens, or why it could not start.
 */
export const controlPlaneStartupSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    url: z.string().url(),
    dataDir: z.string().min(1),
    /** `unix:///…/docker.sock`: the Engine API for root on this machine; null when off. */
    dockerHost: z.string().nullable(),
    /** `host:port` of the Engine API over TLS (client bundles); null when off or its port was taken. */
    dockerTlsAddress: z.string().nullable(),
    /** Set on the very first start when no admin password was configured; printed once. */
    generatedAdminPassword: z.string().nullable(),
    /** The cluster CA and the control plane's certificate and key (root-only files), for the dashboard's server. */
    tls: z.object({ caFile: z.string().min(1), certFile: z.string().min(1), keyFile: z.string().min(1) }),
  }),
  z.object({ type: z.literal('failed'), message: z.string() }),
]);
export type ControlPlaneStartup = z.infer<typeof controlPlaneStartupSchema>;
