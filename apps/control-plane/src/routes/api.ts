import type { RouteInput, RouteView } from '@switchyard/contracts';

/**
 * The HTTP routing mesh's routes: a hostname to a service's port. Routes made from a service's
 * com.docker.ucp.mesh.http labels are kept in step with the labels by the service layer and are
 * changed through the labels, not here.
 */
export interface RouteService {
  list(): Promise<RouteView[]>;
  get(idOrHostname: string): Promise<RouteView>;
  create(input: RouteInput, actor: string): Promise<RouteView>;
  update(idOrHostname: string, input: RouteInput, actor: string): Promise<RouteView>;
  remove(idOrHostname: string, actor: string): Promise<void>;
}
