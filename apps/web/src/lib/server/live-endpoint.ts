import type { LiveEndpoint } from '../live/live-endpoint';
import { controlPlaneUrl } from './control-plane-url';

export function liveEndpointFromEnv(): LiveEndpoint {
  const publicUrl = process.env.SWITCHYARD_CONTROL_PLANE_PUBLIC_URL;
  if (publicUrl) return { kind: 'url', url: publicUrl };
  const port = process.env.SWITCHYARD_CONTROL_PLANE_PUBLIC_PORT || new URL(controlPlaneUrl()).port || '7080';
  return { kind: 'port', port };
}
