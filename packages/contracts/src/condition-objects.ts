/**
 * The objects an agent reports conditions and drift about, named as `<kind>/<name>`: what each key
 * refers to, so a report can be shown next to the network, container or host it is about.
 */
export type ConditionObject =
  | { kind: 'network'; networkId: string }
  | { kind: 'network-peers'; networkId: string }
  | { kind: 'sandbox'; sandboxId: string }
  | { kind: 'loadbalancer'; sandboxName: string }
  | { kind: 'ingress'; networkId: string }
  | { kind: 'firewall'; table: string }
  | { kind: 'sysctl'; name: string }
  | { kind: 'hrm' }
  | { kind: 'agent'; part: string }
  | { kind: 'namespace'; name: string }
  | { kind: 'link'; name: string }
  | { kind: 'other' };

export function parseConditionObject(key: string): ConditionObject {
  const slash = key.indexOf('/');
  const head = slash < 0 ? key : key.slice(0, slash);
  const rest = slash < 0 ? '' : key.slice(slash + 1);
  if (rest === '') return head === 'hrm' ? { kind: 'hrm' } : { kind: 'other' };
  switch (head) {
    case 'network':
      return rest.endsWith('/peers')
        ? { kind: 'network-peers', networkId: rest.slice(0, -'/peers'.length) }
        : { kind: 'network', networkId: rest };
    case 'sandbox':
      return { kind: 'sandbox', sandboxId: rest };
    case 'loadbalancer':
      return { kind: 'loadbalancer', sandboxName: rest };
    case 'ingress':
      return { kind: 'ingress', networkId: rest };
    case 'firewall':
      return { kind: 'firewall', table: rest };
    case 'sysctl':
      return { kind: 'sysctl', name: rest };
    case 'hrm':
      return { kind: 'hrm' };
    case 'agent':
      return { kind: 'agent', part: rest };
    case 'namespace':
      return { kind: 'namespace', name: rest };
    case 'link':
      return { kind: 'link', name: rest };
    default:
      return { kind: 'other' };
  }
}

/**
 * Whether the agent names the object only while it fails (its DNS, its runtime, a namespace or link
 * it could not delete, an overlay's peer entries): once such a key is gone from a report, it is fine.
 */
export function reportedOnlyWhenFailing(object: ConditionObject): boolean {
  return (
    object.kind === 'agent' ||
    object.kind === 'namespace' ||
    object.kind === 'link' ||
    object.kind === 'network-peers'
  );
}

const objectKeyPattern =
  /\b(?:network|sandbox|loadbalancer|ingress|firewall|sysctl|agent|namespace|link)\/[A-Za-z0-9_.:-]+(?:\/peers)?|\bhrm\/proxy\b/g;

/** Where object keys occur in a text, such as a drift or condition event's message. */
export function conditionObjectKeysIn(text: string): { key: string; index: number }[] {
  return [...text.matchAll(objectKeyPattern)].map((match) => ({ key: match[0], index: match.index }));
}
