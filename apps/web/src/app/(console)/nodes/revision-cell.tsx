import type { NodeView } from '@switchyard/contracts';

type Revisions = Pick<NodeView, 'desiredRevision' | 'observedRevision' | 'conditions'>;

/** Observed vs desired revision, and whether everything the agent applied came up ready. */
export function RevisionCell({ desiredRevision, observedRevision, conditions }: Revisions) {
  const converged = observedRevision >= desiredRevision;
  const failing = conditions.filter((condition) => !condition.ready);
  return (
    <div className="revision">
      <span
        className="revision-numbers"
        data-converged={converged}
        title={converged ? 'Applied the desired state' : 'Still applying the desired state'}
      >
        {observedRevision}/{desiredRevision}
      </span>
      {failing.length > 0 && (
        <span
          className="revision-failing"
          title={failing.map((c) => `${c.object}: ${c.message ?? 'not ready'}`).join('\n')}
        >
          {failing.length} not ready
        </span>
      )}
    </div>
  );
}
