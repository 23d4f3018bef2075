import './inspect.css';
import { conditionTitles } from '../../../lib/badges/explain';

export type ConditionTone = 'ready' | 'failing' | 'pending' | 'down';

/** A host's word on an object: ready, failing and why, not reported yet, or the host is down. */
export function conditionTone(ready: boolean | null, hostStatus?: string): ConditionTone {
  if (hostStatus !== undefined && hostStatus !== 'ready') return 'down';
  if (ready === null) return 'pending';
  return ready ? 'ready' : 'failing';
}

const labels: Record<ConditionTone, string> = {
  ready: 'ready',
  failing: 'failing',
  pending: 'not reported',
  down: 'host down',
};

export function StateBadge({ tone, label }: { tone: ConditionTone; label?: string }) {
  return (
    <span className="ix-state" data-tone={tone} data-testid="state-badge" title={conditionTitles[tone]}>
      {label ?? labels[tone]}
    </span>
  );
}

/** The badge, and beside it the agent's reason when there is one. */
export function ConditionState({
  ready,
  message,
  hostStatus,
}: {
  ready: boolean | null;
  message: string | null;
  hostStatus?: string;
}) {
  const tone = conditionTone(ready, hostStatus);
  return (
    <span className="ix-condition">
      <StateBadge tone={tone} />
      {message && tone !== 'ready' && <span className="ix-reason">{message}</span>}
    </span>
  );
}
