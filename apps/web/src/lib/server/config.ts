// The one place the web server reads its environment; read per request so one build serves any port.

const defaultControlPlaneUrl = 'http://127.0.0.1:7080';

/** Where this web server reaches the control plane. */
export function controlPlaneUrl(): string {
  return (process.env.SWITCHYARD_CONTROL_PLANE_URL ?? defaultControlPlaneUrl).replace(/\/+$/, '');
}

/**
 * The secret `switchyard start` shares between this server and the control plane: with it, the
 * control plane believes the browser address this server forwards (its login throttle keys on it).
 */
export function webProxySecret(): string | undefined {
  return process.env.SWITCHYARD_WEB_PROXY_SECRET || undefined;
}
