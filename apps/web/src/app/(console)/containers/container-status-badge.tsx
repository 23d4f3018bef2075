import type { ContainerStatus } from '@switchyard/contracts';
import { containerStatusTitle } from '../../../lib/badges/explain';

export function ContainerStatusBadge({ status }: { status: ContainerStatus }) {
  return (
    <span
      className="status-badge"
      data-status={status}
      data-testid="container-status"
      title={containerStatusTitle(status)}
    >
      {status}
    </span>
  );
}
