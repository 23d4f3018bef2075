import { taskStateTitle } from '../../../lib/badges/explain';

/** A task's state as its badge, noting when Swarm has asked it to stop. */
export function TaskState({ state, desiredState }: { state: string; desiredState: string | undefined }) {
  return (
    <>
      <span className="status-badge" data-status={state} title={taskStateTitle(state)}>
        {state}
      </span>
      {desiredState === 'shutdown' && <span className="subtle"> (shutting down)</span>}
    </>
  );
}
