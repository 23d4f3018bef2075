import { serviceSpecSchema, type ServiceSpec, type ServiceSpecInput } from '@switchyard/contracts';
import { ServiceError, parseInput } from '../errors.js';
import { parseConstraint } from '../scheduler/constraints.js';

/** What tasks run: a change to any of these rolls the tasks over to a new version. */
export const taskFields = [
  'image',
  'command',
  'entrypoint',
  'env',
  'user',
  'workingDir',
  'stopSignal',
  'stopTimeout',
  'labels',
  'networks',
  'ports',
  'healthCheck',
  'endpointMode',
  'constraints',
] as const;

/** Parses a spec as the service layer takes it and checks what the schema cannot; a refusal names the field. */
export function parseSpec(input: ServiceSpecInput): ServiceSpec {
  const spec = parseInput(serviceSpecSchema, input);
  spec.constraints.forEach((text, index) => parseConstraint(text, `constraints.${index}`));
  checkHealthCheck(spec.healthCheck);
  return spec;
}

/** An HTTP or TCP probe needs the port to probe; a command probe needs the command. */
function checkHealthCheck(check: ServiceSpec['healthCheck']): void {
  if (check === null) return;
  if (check.kind !== 'command' && check.port === undefined) {
    throw new ServiceError(
      'BAD_REQUEST',
      `a ${check.kind} health check needs the port to probe`,
      'healthCheck.port',
    );
  }
  if (check.kind === 'command' && (check.command ?? []).length === 0) {
    throw new ServiceError(
      'BAD_REQUEST',
      'a command health check needs the command to run',
      'healthCheck.command',
    );
  }
}
