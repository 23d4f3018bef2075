const defaultControlPlaneUrl = 'http://127.0.0.1:7080';

/** Where this web server reaches the control plane; read per request so one build serves any port. */
export function controlPlaneUrl(): string {
  return (process.env.SWITCHYARD_CONTROL_PLANE_URL ?? defaultControlPlaneUrl).replace(/\/+$/, '');
}
