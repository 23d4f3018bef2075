import type { NodeStatus } from '@switchyard/contracts';
import { nodeStatusTitle } from '../../../lib/badges/explain';

export function NodeStatusBadge({ status }: { status: NodeStatus }) {
  return (
    <span
      className="status-badge"
      data-status={status}
      data-testid="node-status"
      title={nodeStatusTitle(status)}
    >
      {status}
    </span>
  );
}
