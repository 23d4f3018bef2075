import { parseConditionObject } from '@switchyard/contracts';
import type { Db, Tx } from '../db/client.js';

/** Names of the networks and sandboxes object keys refer to by id. */
export interface ObjectNames {
  networks: ReadonlyMap<string, string>;
  sandboxes: ReadonlyMap<string, string>;
}

/**
 * An object key as a person reads it, the key kept in brackets so a page about the object can still
 * find the message: `network front (network/5f…)`.
 */
export function describeObject(key: string, names: ObjectNames): string {
  const object = parseConditionObject(key);
  const named = (text: string | undefined) => (text === undefined ? key : `${text} (${key})`);
  switch (object.kind) {
    case 'network': {
      const name = names.networks.get(object.networkId);
      return named(name && `network ${name}`);
    }
    case 'network-peers': {
      const name = names.networks.get(object.networkId);
      return named(name && `overlay peers of ${name}`);
    }
    case 'sandbox': {
      const name = names.sandboxes.get(object.sandboxId);
      return named(name && `container ${name}`);
    }
    case 'loadbalancer':
      return named(`VIP rules of ${object.sandboxName}`);
    case 'ingress': {
      const name = names.networks.get(object.networkId);
      return named(`routing mesh${name === undefined ? '' : ` on ${name}`}`);
    }
    case 'firewall':
      return named(`nftables table ${object.table}`);
    case 'hrm':
      return named('HTTP routing mesh proxy');
    case 'agent':
      return named(
        object.part === 'dns' ? 'embedded DNS' : object.part === 'runtime' ? 'runtime' : undefined,
      );
    default:
      return key;
  }
}

/** Looks up the names behind the ids in `keys`; objects already gone keep their bare key. */
export async function loadObjectNames(db: Db | Tx, keys: Iterable<string>): Promise<ObjectNames> {
  const networkIds = new Set<string>();
  const sandboxIds = new Set<string>();
  for (const key of keys) {
    const object = parseConditionObject(key);
    if (object.kind === 'network' || object.kind === 'network-peers' || object.kind === 'ingress')
      networkIds.add(object.networkId);
    if (object.kind === 'sandbox') sandboxIds.add(object.sandboxId);
  }
  const [networks, sandboxes] = await Promise.all([
    networkIds.size === 0
      ? []
      : db.network.findMany({ where: { id: { in: [...networkIds] } }, select: { id: true, name: true } }),
    sandboxIds.size === 0
      ? []
      : db.sandbox.findMany({ where: { id: { in: [...sandboxIds] } }, select: { id: true, name: true } }),
  ]);
  return {
    networks: new Map(networks.map((row) => [row.id, row.name])),
    sandboxes: new Map(sandboxes.map((row) => [row.id, row.name])),
  };
}
