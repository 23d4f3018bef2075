import type { NetworkCreateRequestInput, NetworkView } from '@switchyard/contracts';

/**
 * The one service layer behind the dashboard (tRPC), the Docker Engine API and the CLI. Names or
 * ids are accepted wherever Docker accepts them (full id, unique id prefix, or name). Refusals are
 * ServiceErrors; `actor` is who asked, for the audit log.
 */
export interface NetworkService {
  create(input: NetworkCreateRequestInput, actor: string): Promise<NetworkView>;
  list(): Promise<NetworkView[]>;
  get(idOrName: string): Promise<NetworkView>;
  remove(idOrName: string, actor: string): Promise<void>;
  connect(
    network: string,
    container: string,
    options: { aliases?: string[]; ipv4Address?: string },
    actor: string,
  ): Promise<void>;
  disconnect(network: string, container: string, force: boolean, actor: string): Promise<void>;
  /** Removes every user-defined network without endpoints; returns their names. */
  prune(actor: string): Promise<string[]>;
}
