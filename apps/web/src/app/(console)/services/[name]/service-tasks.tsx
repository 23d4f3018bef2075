import type { TaskView } from '@switchyard/contracts';
import Link from 'next/link';
import { RelativeTime } from '../../../../components/relative-time';
import { DataTable } from '../../../../components/data-table';
import { taskStateTitle } from '../../../../lib/badges/explain';

const unassigned = 'unassigned';

/** Current tasks first (as `docker service ps` lists them), then the history, newest first. */
function byRelevance(a: TaskView, b: TaskView): number {
  if (a.desiredState !== b.desiredState) return a.desiredState === 'running' ? -1 : 1;
  if (a.slot !== b.slot) return (a.slot ?? 0) - (b.slot ?? 0);
  return b.updatedAt.localeCompare(a.updatedAt);
}

function TaskRow({ task }: { task: TaskView }) {
  return (
    <tr data-testid={`task-row-${task.name}`} data-desired={task.desiredState}>
      <th scope="row" className="mono">
        {task.containerId ? (
          <Link href={`/containers/${encodeURIComponent(task.containerId)}`}>{task.name}</Link>
        ) : (
          task.name
        )}
      </th>
      <td>
        <span
          className="status-badge"
          data-status={task.state}
          data-testid="task-state"
          title={taskStateTitle(task.state)}
        >
          {task.state}
        </span>
        {task.desiredState === 'shutdown' && <span className="subtle"> (shut down)</span>}
      </td>
      <td>{task.health ?? <span className="muted">–</span>}</td>
      <td className="mono">
        {task.addresses.length === 0 ? (
          <span className="muted">–</span>
        ) : (
          task.addresses.map((address) => (
            <div key={address.networkId}>
              {address.address} <span className="subtle">{address.networkName}</span>
            </div>
          ))
        )}
      </td>
      <td>
        <RelativeTime iso={task.updatedAt} />
      </td>
      <td>
        {task.error ? (
          <span className="error-text">{task.error}</span>
        ) : (
          <span className="subtle">{task.message}</span>
        )}
      </td>
    </tr>
  );
}

/** `docker service ps`, one table per node, so it is plain where the replicas run. */
export function ServiceTasks({ tasks }: { tasks: readonly TaskView[] }) {
  if (tasks.length === 0) return <p className="muted">No tasks yet.</p>;
  const byNode = new Map<string, TaskView[]>();
  for (const task of tasks) {
    const node = task.nodeName ?? unassigned;
    byNode.set(node, [...(byNode.get(node) ?? []), task]);
  }
  const nodes = [...byNode.keys()].toSorted((a, b) => a.localeCompare(b));
  return (
    <>
      {nodes.map((node) => {
        const nodeTasks = (byNode.get(node) ?? []).toSorted(byRelevance);
        const running = nodeTasks.filter((task) => task.state === 'running').length;
        return (
          <DataTable
            key={node}
            frameClassName="task-group"
            frameTestId={`task-node-${node}`}
            columns={['Task', 'State', 'Health', 'Addresses', 'Updated', 'Message / error']}
            caption={
              <>
                <span className="mono">{node}</span> · {running} running
              </>
            }
          >
            {nodeTasks.map((task) => (
              <TaskRow key={task.id} task={task} />
            ))}
          </DataTable>
        );
      })}
    </>
  );
}
