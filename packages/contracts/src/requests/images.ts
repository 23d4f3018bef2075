import { z } from 'zod';
import { requiredName } from './keys.js';

/** An image by id (or a unique prefix of it) or `name:tag`. */
const imageKey = requiredName.max(512);

/** `images.remove`: untags a reference of an image with others, else deletes; `force` as `docker rmi -f`. */
export const imageRemoveInputSchema = z.object({ id: imageKey, force: z.boolean().default(false) });

/** `images.tag`: gives the image another `name:tag`. */
export const imageTagInputSchema = z.object({
  id: imageKey,
  reference: z.string().trim().min(1, 'is required').max(255),
});

/** `images.pull`: one host with a container runtime pulls it from its registry, then every such host does. */
export const imagePullInputSchema = z.object({ reference: z.string().trim().min(1, 'is required').max(512) });
