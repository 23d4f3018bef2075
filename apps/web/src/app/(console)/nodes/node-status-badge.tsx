import type { NodeStatus } from '@switchyard/contracts';

export function NodeStatusBadge({ status }: { status: NodeStatus }) {
  return (
    <span className="status-badge" data-status={status} data-testid="node-status">
      {status}
    </span>
  );
}
