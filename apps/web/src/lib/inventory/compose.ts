// What docker-compose writes on every container it makes (v1 and v2 alike), read back for the dashboard.
const projectLabel = 'com.docker.compose.project';
const serviceLabel = 'com.docker.compose.service';
const numberLabel = 'com.docker.compose.container-number';

export interface ComposeMembership {
  project: string;
  service: string | null;
  /** The replica's number within its service (`--scale`), as compose numbers it. */
  number: string | null;
}

/** The compose project, service and replica a container belongs to; null when compose did not make it. */
export function composeMembership(labels: Readonly<Record<string, string>>): ComposeMembership | null {
  const project = labels[projectLabel];
  if (project === undefined || project === '') return null;
  return { project, service: labels[serviceLabel] ?? null, number: labels[numberLabel] ?? null };
}

/** Every compose project among these containers, sorted, each once. */
export function composeProjects(
  containers: readonly { labels: Readonly<Record<string, string>> }[],
): string[] {
  const projects = containers.flatMap((container) => composeMembership(container.labels)?.project ?? []);
  return [...new Set(projects)].sort((a, b) => a.localeCompare(b));
}

/** `shop · web` (`shop · web #2` for a second replica): how a chip names the membership. */
export function composeChipText({ project, service, number }: ComposeMembership): string {
  if (service === null) return project;
  return number === null || number === '1' ? `${project} · ${service}` : `${project} · ${service} #${number}`;
}
