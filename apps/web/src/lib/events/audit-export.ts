import { actorClass, type SwitchyardEvent } from '@switchyard/contracts';

/** Where a change came from, read from its actor. */
export function actorSource(actor: string): string {
  // Changes over TLS carry the bundle's user, like the dashboard's; refusals there say where.
  if (actor.startsWith('docker-api:'))
    return `Docker Engine API, ${actor.slice('docker-api:'.length)}'s bundle`;
  if (actor === 'root') return "Docker Engine API's local socket";
  // Before client bundles, the Engine API's changes were told by the caller's address.
  if (actor.startsWith('docker-api@')) return `Docker Engine API from ${actor.slice('docker-api@'.length)}`;
  if (actor === 'local-cli') return 'switchyard CLI on the control plane host';
  if (actor.startsWith('anonymous@')) return `no session, from ${actor.slice('anonymous@'.length)}`;
  const failedLogin = /^(.+)@(.+)$/.exec(actor);
  if (failedLogin && actorClass(actor) === 'user') return `sign-in attempt from ${failedLogin[2] ?? ''}`;
  switch (actorClass(actor)) {
    case 'agent':
      return 'agent';
    case 'system':
      return 'control plane';
    default:
      return 'dashboard';
  }
}

const columns = ['time', 'kind', 'severity', 'actor', 'source', 'subject', 'message'] as const;

/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would run as a formula (=, +, -, @ first) gets a
 * leading quote mark: an event message is user-controlled text.
 */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function eventsToCsv(events: readonly SwitchyardEvent[]): string {
  const rows = events.map((event) =>
    [
      event.at,
      event.kind,
      event.severity,
      event.actor,
      actorSource(event.actor),
      event.subject ?? '',
      event.message,
    ]
      .map(cell)
      .join(','),
  );
  return [columns.join(','), ...rows].join('\r\n') + '\r\n';
}

export function eventsToJson(events: readonly SwitchyardEvent[]): string {
  return `${JSON.stringify(events, null, 2)}\n`;
}

/** `switchyard-audit-2026-11-28T12-00-00.csv`: sortable, and safe on every file system. */
export function exportFileName(kind: string, format: 'csv' | 'json', now: Date): string {
  return `switchyard-${kind}-${now.toISOString().slice(0, 19).replaceAll(':', '-')}.${format}`;
}
