import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout the CLI runs from: the workspaces ship their TypeScript sources, run by tsx. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * `SWITCHYARD_DATA_DIR`, else `data/` at the repository root: where the control plane keeps its
 * database and the file that lets this CLI find it, and where labs keep theirs.
 */
export function defaultDataDir(): string {
  return process.env.SWITCHYARD_DATA_DIR ?? join(repoRoot, 'data');
}

/** `SWITCHYARD_NO_INSTALL=1`: `npm start` and `npm test` only check for missing Debian packages, not install them. */
export function installDisabled(): boolean {
  const value = process.env.SWITCHYARD_NO_INSTALL;
  return value !== undefined && value !== '' && value !== '0';
}

/** apt-get's environment: this one with `extra` (DEBIAN_FRONTEND) on top. */
export function installerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/**
 * Shared by the control plane and the dashboard's server this CLI starts: with it the dashboard's
 * proxy says whose browser a request comes from (the login throttle's key), and no one else can.
 */
const webProxySecret = process.env.SWITCHYARD_WEB_PROXY_SECRET || randomBytes(32).toString('base64url');

/** The dashboard's `next build` and `next start`; the latter is told where the control plane answers. */
export function webServerEnv(controlPlane?: {
  url: string;
  tls: { certFile: string; keyFile: string };
}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    ...(controlPlane === undefined
      ? {}
      : {
          SWITCHYARD_CONTROL_PLANE_URL: controlPlane.url,
          SWITCHYARD_WEB_PROXY_SECRET: webProxySecret,
          // The control plane's own identity, renewed in place; an operator may name a certificate of their own.
          SWITCHYARD_WEB_TLS_CERT: process.env.SWITCHYARD_WEB_TLS_CERT ?? controlPlane.tls.certFile,
          SWITCHYARD_WEB_TLS_KEY: process.env.SWITCHYARD_WEB_TLS_KEY ?? controlPlane.tls.keyFile,
        }),
  };
}

/** A lab agent: the join token goes by environment, not argv, so `ps` does not show it to other users. */
export function agentEnv(joinToken: string): NodeJS.ProcessEnv {
  return { ...process.env, SWITCHYARD_JOIN_TOKEN: joinToken };
}

/** The control plane reads its settings (admin password, listen host, ports) from the environment. */
export function controlPlaneEnv(webPort?: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SWITCHYARD_WEB_PROXY_SECRET: webProxySecret,
    ...(webPort === undefined ? {} : { SWITCHYARD_WEB_PORT: String(webPort) }),
  };
}
