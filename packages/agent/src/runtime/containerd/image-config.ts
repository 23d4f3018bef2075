import { imageConfigSchema, type ImageConfig } from '@switchyard/contracts';

interface RawConfig {
  architecture?: string;
  os?: string;
  config?: {
    Env?: string[] | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    WorkingDir?: string;
    User?: string;
    ExposedPorts?: Record<string, unknown> | null;
    Labels?: Record<string, string> | null;
    StopSignal?: string;
  } | null;
  rootfs?: { diff_ids?: string[] };
}

/** The parts of an image config (OCI or Docker JSON) a container's defaults come from. */
export function parseImageConfig(json: string): ImageConfig {
  const raw = JSON.parse(json) as RawConfig;
  const config = raw.config ?? {};
  const exposedPorts = Object.keys(config.ExposedPorts ?? {}).flatMap((key) => {
    const [port, protocol = 'tcp'] = key.split('/');
    return /^\d+$/.test(port ?? '') && (protocol === 'tcp' || protocol === 'udp')
      ? [{ port: Number(port), protocol }]
      : [];
  });
  return imageConfigSchema.parse({
    env: config.Env ?? [],
    cmd: config.Cmd ?? null,
    entrypoint: config.Entrypoint ?? null,
    workingDir: config.WorkingDir ?? '',
    user: config.User ?? '',
    exposedPorts,
    labels: config.Labels ?? {},
    stopSignal: config.StopSignal ?? null,
    diffIds: raw.rootfs?.diff_ids ?? [],
    architecture: raw.architecture ?? 'amd64',
    os: raw.os ?? 'linux',
  });
}

interface Descriptor {
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string };
}

/** Of a manifest or an index: the linux/amd64 manifest's digest (index), or its config and layers. */
export function readManifest(
  json: string,
): { kind: 'index'; manifest: string | undefined } | { kind: 'manifest'; config: string; size: number } {
  const raw = JSON.parse(json) as { manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] };
  if (raw.manifests !== undefined) {
    const chosen = raw.manifests.find(
      (entry) => entry.platform?.os === 'linux' && entry.platform.architecture === 'amd64',
    );
    return { kind: 'index', manifest: chosen?.digest };
  }
  return {
    kind: 'manifest',
    config: raw.config?.digest ?? '',
    size: (raw.layers ?? []).reduce((sum, layer) => sum + (layer.size ?? 0), 0),
  };
}
