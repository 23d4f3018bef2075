import type { ContainerStatus } from '@switchyard/contracts';

export function ContainerStatusBadge({ status }: { status: ContainerStatus }) {
  return (
    <span className="status-badge" data-status={status} data-testid="container-status">
      {status}
    </span>
  );
}
