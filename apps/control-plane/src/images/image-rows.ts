import {
  imageConfigSchema,
  isBuiltinImage,
  imageSourceSchema,
  observedImageSchema,
  type Digest,
  type ImageConfig,
  type ImageSource,
  type ObservedImage,
} from '@switchyard/contracts';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { readJsonColumn } from '../db/json-column.js';
import { readSpec } from '../inventory/rows.js';
import { builtinExposedPorts } from './builtin.js';
import { familiarReference, idPrefix } from './references.js';

export interface ImageRecord {
  id: Digest;
  references: string[];
  config: ImageConfig;
  built: string | null;
  size: number;
  layers: number;
  source: ImageSource;
  createdAt: Date;
}

interface ImageRow {
  id: string;
  references: string;
  config: string;
  built: string | null;
  size: number;
  layers: number;
  source: string;
  createdAt: Date;
}

const referencesColumn = z.array(z.string());
const observedColumn = z.array(observedImageSchema);

export function readImage(row: ImageRow): ImageRecord {
  return {
    ...row,
    id: row.id as Digest,
    references: readJsonColumn(referencesColumn, row.references),
    config: readJsonColumn(imageConfigSchema, row.config),
    source: readJsonColumn(imageSourceSchema, row.source),
  };
}

/** A node's observed images column; a damaged one reads as holding nothing. */
export function readObservedImages(text: string): ObservedImage[] {
  const parsed = observedColumn.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : [];
}

export async function allImages(tx: Tx): Promise<ImageRecord[]> {
  return (await tx.image.findMany({ orderBy: { createdAt: 'desc' } })).map(readImage);
}

/**
 * The image a name means, as Docker resolves it: a reference (`nginx` is `nginx:latest`, Docker
 * Hub's long form too), else a full or unambiguous short id.
 */
export function matchImage(images: readonly ImageRecord[], name: string): ImageRecord | null {
  const reference = familiarReference(name);
  const byReference = images.find((image) => image.references.includes(reference));
  if (byReference !== undefined) return byReference;
  const prefix = idPrefix(name);
  if (prefix === null) return null;
  const matches = images.filter((image) => image.id.slice('sha256:'.length).startsWith(prefix));
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

/** What an image exposes (EXPOSE): a built-in image's ports, or a loaded one's; none when unknown. */
export function exposedPortsOf(
  images: readonly ImageRecord[],
  name: string,
): { port: number; protocol: 'tcp' | 'udp' }[] {
  return isBuiltinImage(name)
    ? builtinExposedPorts(name)
    : (matchImage(images, name)?.config.exposedPorts ?? []);
}

export async function findImage(tx: Tx, name: string): Promise<ImageRecord | null> {
  return matchImage(await allImages(tx), name);
}

/** Containers and tasks whose sandbox runs the image, with whether each is meant to be running. */
export async function imageUsers(
  tx: Tx,
): Promise<Map<string, { id: string; name: string; running: boolean }[]>> {
  const sandboxes = await tx.sandbox.findMany({
    select: { id: true, name: true, spec: true, desiredRunning: true, status: true },
  });
  const users = new Map<string, { id: string; name: string; running: boolean }[]>();
  for (const sandbox of sandboxes) {
    const { imageId } = readSpec(sandbox.spec);
    if (imageId === null) continue;
    const running = sandbox.desiredRunning || sandbox.status === 'running' || sandbox.status === 'restarting';
    users.set(imageId, [...(users.get(imageId) ?? []), { id: sandbox.id, name: sandbox.name, running }]);
  }
  return users;
}
