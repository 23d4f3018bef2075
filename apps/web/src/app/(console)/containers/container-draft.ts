import {
  cidrContains,
  containerNameSchema,
  hostnameSchema,
  ipv4Schema,
  nodeLabel,
  parseExposeSpec,
  parsePortSpec,
  PortSpecError,
  restartPolicySchema,
  type ContainerCreateInput,
  type Ipv4,
  type NetworkView,
  type PortBinding,
  type RestartPolicy,
} from '@switchyard/contracts';
import { chosenImage } from '../../../lib/images/references';
import { spansHosts } from '../../../lib/inventory/network-span';
import { splitList, zodMessage } from '../../../lib/inventory/zod-message';

export type RestartPolicyName = RestartPolicy['name'];
export const restartPolicyNames = restartPolicySchema.shape.name.unwrap().options;

/** One `--network` with its `--network-alias`es and `--ip`, as typed. */
export interface ContainerNetworkDraft {
  network: string;
  aliases: string;
  ipv4Address: string;
}

/** The create-container form as typed. */
export interface ContainerDraft {
  /** A built-in or loaded image's reference, or `otherImageChoice` for the typed `otherImage`. */
  imageChoice: string;
  otherImage: string;
  name: string;
  hostname: string;
  /** Empty: the host of its local networks, or the least loaded one. */
  nodeName: string;
  /** In the order they were ticked: the first is the one the container is created on, as with `docker run`. */
  networks: ContainerNetworkDraft[];
  /** Docker short forms (`8080:80`, `127.0.0.1:8443:443/tcp`) separated by commas or spaces. */
  ports: string;
  publishAll: boolean;
  expose: string;
  restartPolicy: RestartPolicyName;
  maximumRetryCount: string;
  dns: string;
  dnsSearch: string;
}

export const emptyContainerDraft: ContainerDraft = {
  imageChoice: 'switchyard/whoami',
  otherImage: '',
  name: '',
  hostname: '',
  nodeName: '',
  networks: [],
  ports: '',
  publishAll: false,
  expose: '',
  restartPolicy: 'no',
  maximumRetryCount: '',
  dns: '',
  dnsSearch: '',
};

/** Field paths as the server names them, so its refusals land next to the right input. */
export const containerFields = {
  image: 'image',
  name: 'name',
  hostname: 'hostname',
  node: `labels.${nodeLabel}`,
  networks: 'networks',
  ports: 'ports',
  publishAll: 'publishAll',
  expose: 'expose',
  restartPolicy: 'restartPolicy.name',
  maximumRetryCount: 'restartPolicy.maximumRetryCount',
  dns: 'dns',
  dnsSearch: 'dnsSearch',
} as const;

export const attachmentField = (index: number, part: 'aliases' | 'ipv4Address') =>
  `networks.${index}.${part}`;

/** The fields on screen: a refusal naming one lands next to it, any other is the form's error. */
export function containerFieldPaths(draft: ContainerDraft): string[] {
  const attachments = draft.networks.flatMap((_, index) => [
    attachmentField(index, 'aliases'),
    attachmentField(index, 'ipv4Address'),
  ]);
  const shown = Object.values(containerFields).filter(
    (path) => path !== containerFields.maximumRetryCount || draft.restartPolicy === 'on-failure',
  );
  return [...shown, ...attachments];
}

/**
 * The networks a standalone container may join: an overlay only when attachable (otherwise it is for
 * services), as Docker has it.
 */
export function joinableNetworks(networks: readonly NetworkView[]): NetworkView[] {
  return networks.filter((network) => !spansHosts(network) || network.attachable);
}

export function imageOf(draft: ContainerDraft): string {
  return chosenImage(draft.imageChoice, draft.otherImage);
}

/** Every published port typed, or the first spec that does not parse (parsePortSpec's own words). */
export function parsePorts(text: string): { bindings: PortBinding[]; error: string | null } {
  const bindings: PortBinding[] = [];
  for (const spec of splitList(text)) {
    try {
      bindings.push(...parsePortSpec(spec));
    } catch (error) {
      if (error instanceof PortSpecError) return { bindings, error: error.message };
      throw error;
    }
  }
  return { bindings, error: null };
}

function parseExposed(text: string): {
  ports: { port: number; protocol: 'tcp' | 'udp' }[];
  error: string | null;
} {
  const ports: { port: number; protocol: 'tcp' | 'udp' }[] = [];
  for (const spec of splitList(text)) {
    try {
      ports.push(...parseExposeSpec(spec));
    } catch (error) {
      if (error instanceof PortSpecError) return { ports, error: error.message };
      throw error;
    }
  }
  return { ports, error: null };
}

function validateAttachments(
  draft: ContainerDraft,
  networks: readonly NetworkView[],
  errors: Map<string, string>,
) {
  const chosen = draft.networks.map((attachment) =>
    networks.find((network) => network.name === attachment.network),
  );
  // A local network lives on one node, and a container cannot span nodes.
  const hosts = new Set(chosen.flatMap((network) => (network?.nodeName ? [network.nodeName] : [])));
  if (hosts.size > 1)
    errors.set(containerFields.networks, `these networks live on different hosts (${[...hosts].join(', ')})`);
  const [home] = hosts;
  if (hosts.size === 1 && draft.nodeName !== '' && home !== draft.nodeName)
    errors.set(containerFields.node, `must be ${home ?? ''}, where the chosen local networks live`);

  draft.networks.forEach((attachment, index) => {
    if (attachment.ipv4Address === '') return;
    const path = attachmentField(index, 'ipv4Address');
    const addressError = zodMessage(ipv4Schema, attachment.ipv4Address);
    if (addressError) return errors.set(path, addressError);
    const subnets = chosen[index]?.ipam.map((pool) => pool.subnet) ?? [];
    if (subnets.length > 0 && !subnets.some((subnet) => cidrContains(subnet, attachment.ipv4Address as Ipv4)))
      errors.set(path, `must lie inside ${subnets.join(' or ')}`);
  });
}

/** Every problem the form can see before asking the server, keyed by field path. */
export function validateContainerDraft(
  draft: ContainerDraft,
  networks: readonly NetworkView[],
): Map<string, string> {
  const errors = new Map<string, string>();
  if (imageOf(draft) === '') errors.set(containerFields.image, 'is required');
  if (draft.name !== '') {
    const nameError = zodMessage(containerNameSchema, draft.name);
    if (nameError) errors.set(containerFields.name, nameError);
  }
  if (draft.hostname !== '') {
    const hostnameError = zodMessage(hostnameSchema, draft.hostname);
    if (hostnameError) errors.set(containerFields.hostname, hostnameError);
  }
  validateAttachments(draft, networks, errors);
  const ports = parsePorts(draft.ports);
  if (ports.error) errors.set(containerFields.ports, ports.error);
  const exposed = parseExposed(draft.expose);
  if (exposed.error) errors.set(containerFields.expose, exposed.error);
  const badDns = splitList(draft.dns).find((server) => zodMessage(ipv4Schema, server) !== null);
  if (badDns) errors.set(containerFields.dns, `"${badDns}" is not an IPv4 address`);
  if (draft.restartPolicy === 'on-failure' && draft.maximumRetryCount !== '') {
    const retries = Number(draft.maximumRetryCount);
    if (!Number.isInteger(retries) || retries < 0)
      errors.set(containerFields.maximumRetryCount, 'must be a whole number, 0 for no limit');
  }
  return errors;
}

export function toContainerCreateInput(draft: ContainerDraft): ContainerCreateInput {
  return {
    ...(draft.name === '' ? {} : { name: draft.name.trim() }),
    image: imageOf(draft),
    ...(draft.hostname === '' ? {} : { hostname: draft.hostname }),
    labels: draft.nodeName === '' ? {} : { [nodeLabel]: draft.nodeName },
    networks: draft.networks.map((attachment) => ({
      network: attachment.network,
      aliases: splitList(attachment.aliases),
      ...(attachment.ipv4Address === '' ? {} : { ipv4Address: attachment.ipv4Address }),
    })),
    ports: parsePorts(draft.ports).bindings,
    publishAll: draft.publishAll,
    expose: parseExposed(draft.expose).ports,
    dns: splitList(draft.dns),
    dnsSearch: splitList(draft.dnsSearch),
    restartPolicy: {
      name: draft.restartPolicy,
      maximumRetryCount:
        draft.restartPolicy === 'on-failure' && draft.maximumRetryCount !== ''
          ? Number(draft.maximumRetryCount)
          : 0,
    },
  };
}
