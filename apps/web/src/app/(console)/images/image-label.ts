import type { ImageView } from '@switchyard/contracts';
import { shortImageId } from '../../../lib/images/format';

/** How a message names an image: its first reference, or its short id when it has none. */
export function imageLabel(image: ImageView): string {
  return image.references[0] ?? shortImageId(image.id);
}
