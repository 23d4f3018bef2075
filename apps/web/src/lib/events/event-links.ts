import {
  actorNode,
  conditionObjectKeysIn,
  eventGroup,
  parseConditionObject,
  type SwitchyardEvent,
} from '@switchyard/contracts';

const path = (section: string, key: string) => `/${section}/${encodeURIComponent(key)}`;

/** The page of the object an event is about, where the dashboard has one. */
export function subjectHref(event: Pick<SwitchyardEvent, 'kind' | 'subject'>): string | null {
  const { subject } = event;
  if (subject === null || subject === '') return null;
  switch (eventGroup(event.kind)) {
    case 'node':
    case 'agent':
      return path('nodes', subject);
    case 'network':
      return path('networks', subject);
    case 'container':
    case 'diagnostics':
      return path('containers', subject);
    case 'service':
      return path('services', subject);
    case 'route':
      return '/routes';
    case 'image':
      return '/images';
    default:
      return null;
  }
}

/** An agent's node page; people and the system have none. */
export function actorHref(actor: string): string | null {
  const node = actorNode(actor);
  return node === null ? null : path('nodes', node);
}

/** The page an agent's object key leads to: `network/<id>` to the network, `sandbox/<id>` to the container. */
export function objectHref(key: string): string | null {
  const object = parseConditionObject(key);
  switch (object.kind) {
    case 'network':
    case 'network-peers':
    case 'ingress':
      return path('networks', object.networkId);
    case 'sandbox':
      return path('containers', object.sandboxId);
    case 'loadbalancer':
      return path('containers', object.sandboxName);
    default:
      return null;
  }
}

/** Docker's 64-digit ids, shortened to the 12 `docker ps` shows. */
const longId = /[0-9a-f]{64}/g;
export const shortenIds = (text: string): string => text.replace(longId, (id) => `${id.slice(0, 12)}…`);

export interface MessagePart {
  text: string;
  href?: string;
  /** The whole key a shortened link stands for. */
  title?: string;
}

/** A message with the agent object keys in it made into links to their objects, ids shortened. */
export function messageParts(message: string): MessagePart[] {
  const parts: MessagePart[] = [];
  let at = 0;
  for (const { key, index } of conditionObjectKeysIn(message)) {
    if (index > at) parts.push({ text: message.slice(at, index) });
    const href = objectHref(key);
    parts.push(href === null ? { text: key } : { text: shortenIds(key), href, title: key });
    at = index + key.length;
  }
  if (at < message.length) parts.push({ text: message.slice(at) });
  return parts;
}
