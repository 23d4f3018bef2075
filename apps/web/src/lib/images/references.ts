import { isBuiltinImage, type ImageView, type Runtime } from '@switchyard/contracts';

/**
 * `name` and `name:latest` are one reference, as Docker has it; a digest reference (`name@sha256:…`)
 * and an explicit tag stay as typed. A registry port (`host:5000/name`) is not a tag.
 */
export function normalizeReference(reference: string): string {
  const trimmed = reference.trim();
  if (trimmed.includes('@')) return trimmed;
  const lastSegment = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? trimmed : `${trimmed}:latest`;
}

/** The loaded image a container's `image` names: by reference, by full id or by an id prefix of 12+ digits. */
export function findImage(images: readonly ImageView[], reference: string): ImageView | undefined {
  const wanted = normalizeReference(reference);
  const byReference = images.find((image) =>
    image.references.some((candidate) => normalizeReference(candidate) === wanted),
  );
  if (byReference) return byReference;
  const hex = reference.trim().replace(/^sha256:/, '');
  if (!/^[0-9a-f]{12,64}$/.test(hex)) return undefined;
  return images.find((image) => image.id.replace(/^sha256:/, '').startsWith(hex));
}

/**
 * What runs a container: the process runtime for the built-in images, else the runtime of the image
 * it was created from (by id when the view carries it, as a tag may have moved since), null when
 * that image is not (or no longer) known.
 */
export function runtimeOfContainer(
  images: readonly ImageView[],
  container: { image: string; imageId?: string | null },
): Runtime | null {
  if (isBuiltinImage(container.image)) return 'process';
  const byId = container.imageId ? images.find((image) => image.id === container.imageId) : undefined;
  return (byId ?? findImage(images, container.image))?.runtime ?? null;
}

/**
 * The images a create form offers: the built-in ones first, then every loaded image's references
 * sorted, each once (an untagged image has none to offer; its id can still be typed).
 */
export function imageReferenceChoices(builtin: readonly string[], images: readonly ImageView[]): string[] {
  const loaded = images
    .filter((image) => image.source !== 'builtin')
    .flatMap((image) => image.references)
    .filter((reference) => !builtin.includes(reference) && !isBuiltinImage(reference));
  return [...builtin, ...new Set(loaded.toSorted())];
}

/** The select's choice that reveals a text field for any other name. */
export const otherImageChoice = 'other';

/** The image a form's select and its "other" text field name together. */
export function chosenImage(choice: string, other: string): string {
  return choice === otherImageChoice ? other.trim() : choice;
}
