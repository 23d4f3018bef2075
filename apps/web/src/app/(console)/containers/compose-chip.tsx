import { composeChipText, composeMembership } from '../../../lib/inventory/compose';

/** The docker-compose project and service a container belongs to, as a chip; nothing when compose did not make it. */
export function ComposeChip({ labels }: { labels: Readonly<Record<string, string>> }) {
  const membership = composeMembership(labels);
  if (membership === null) return null;
  const service = membership.service === null ? '' : `, service ${membership.service}`;
  return (
    <span
      className="chip"
      data-testid="compose-chip"
      title={`docker-compose project ${membership.project}${service}`}
    >
      {composeChipText(membership)}
    </span>
  );
}
