import type { LiveEndpoint } from '../live/live-endpoint';

// The one place the web server reads its environment; read per request so one build serves any port.

const defaultControlPlaneUrl = 'http://127.0.0.1:7080';

/** Where this web server reaches the control plane. */
export function controlPlaneUrl(): string {
  return (process.env.SWITCHYARD_CONTROL_PLANE_URL ?? defaultControlPlaneUrl).replace(/\/+$/, '');
}

/** Where browsers reach the control plane's live socket: a full public URL, or a port on the page's host. */
export function liveEndpointFromEnv(): LiveEndpoint {
  const publicUrl = process.env.SWITCHYARD_CONTROL_PLANE_PUBLIC_URL;
  if (publicUrl) return { kind: 'url', url: publicUrl };
  const port = process.env.SWITCHYARD_CONTROL_PLANE_PUBLIC_PORT || new URL(controlPlaneUrl()).port || '7080';
  return { kind: 'port', port };
}

/**
 * The secret `switchyard start` shares between this server and the control plane: with it, the
 * control plane believes the browser address this server forwards (its login throttle keys on it).
 */
export function webProxySecret(): string | undefined {
  return process.env.SWITCHYARD_WEB_PROXY_SECRET || undefined;
}
