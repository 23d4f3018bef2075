import type { RouteInput, RouteView } from '@switchyard/contracts';
import type { InventoryDeps } from '../inventory-deps.js';
import type { RouteService } from '../inventory.js';
import { ServiceError } from '../service-error.js';

/** The routing mesh's routes (issue 6). */
export class Routes implements RouteService {
  constructor(private readonly deps: InventoryDeps) {}

  async list(): Promise<RouteView[]> {
    await Promise.resolve(this.deps);
    return [];
  }

  get(idOrHostname: string): Promise<RouteView> {
    return Promise.reject(new ServiceError('NOT_FOUND', `no such route: ${idOrHostname}`));
  }

  create(input: RouteInput, actor: string): Promise<RouteView> {
    return Promise.reject(
      new ServiceError('UNAVAILABLE', `routes are not built yet (${input.hostname}, ${actor})`),
    );
  }

  update(idOrHostname: string, input: RouteInput, actor: string): Promise<RouteView> {
    return Promise.reject(
      new ServiceError(
        'UNAVAILABLE',
        `routes are not built yet (${idOrHostname}, ${input.hostname}, ${actor})`,
      ),
    );
  }

  remove(idOrHostname: string, actor: string): Promise<void> {
    return Promise.reject(
      new ServiceError('UNAVAILABLE', `routes are not built yet (${idOrHostname}, ${actor})`),
    );
  }
}
