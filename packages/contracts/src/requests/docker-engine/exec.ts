import { z } from 'zod';
import { stringListSchema, unsupportedFlag } from './common.js';

/** `[height, width]`, as the CLI sends a terminal's size. */
const consoleSizeSchema = z
  .tuple([z.number().int().min(0).max(1000), z.number().int().min(0).max(1000)])
  .nullish();

/** Docker's ExecConfig, as `docker exec` sends it to `POST /containers/{id}/exec`. */
export const dockerExecCreateSchema = z.object({
  Cmd: z
    .array(z.string())
    .nullish()
    .refine((command) => (command ?? []).length > 0, 'No exec command specified')
    .transform((command) => command ?? []),
  Tty: z.boolean().nullish(),
  AttachStdin: z.boolean().nullish(),
  AttachStdout: z.boolean().nullish(),
  AttachStderr: z.boolean().nullish(),
  Detach: z.boolean().nullish(),
  DetachKeys: z.string().nullish(),
  Env: stringListSchema,
  User: z.string().nullish(),
  WorkingDir: z.string().nullish(),
  Privileged: unsupportedFlag('--privileged is not supported'),
  ConsoleSize: consoleSizeSchema,
});
export type DockerExecCreate = z.output<typeof dockerExecCreateSchema>;

/** `POST /exec/{id}/start`: run attached (the connection is taken over) or detached. */
export const dockerExecStartSchema = z.object({
  Detach: z.boolean().nullish(),
  Tty: z.boolean().nullish(),
  ConsoleSize: consoleSizeSchema,
});
export type DockerExecStart = z.output<typeof dockerExecStartSchema>;
