import type { ServiceView } from '@switchyard/contracts';

/**
 * Where a refusal of `update` belongs: its input is `{ service, spec }`, so input errors name
 * `spec.image` while the service's own refusals name `image`; the form knows only the latter.
 */
export function specServerField(field: string | null): string | null {
  return field?.startsWith('spec.') ? field.slice('spec.'.length) : field;
}

/** What the last rolling update did, in one line for the update form's status; empty before any. */
export function rolloutLine(service: Pick<ServiceView, 'updateStatus'>): string {
  const status = service.updateStatus;
  if (status === null) return '';
  const tasks = `${status.done} of ${status.total} ${status.total === 1 ? 'task' : 'tasks'}`;
  switch (status.state) {
    case 'updating':
      return `Rolling update: ${tasks} at the new version, one at a time`;
    case 'completed':
      return `Last update completed: ${tasks} at the new version`;
    case 'paused':
      return `Update paused at ${tasks}: ${status.message}`;
    case 'rollback_started':
      return `Rolling back: ${status.message}`;
    case 'rollback_completed':
      return `Rolled back: ${status.message}`;
  }
}
