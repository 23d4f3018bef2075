import Link from 'next/link';
import { HostLink } from '../../_inspect/host-link';
import type { NetworkInspectData } from '../../_inspect/types';

/** Service tasks with an endpoint here: where each runs, its address on this network, its state. */
export function NetworkTasksTable({ tasks }: { tasks: NetworkInspectData['tasks'] }) {
  if (tasks.length === 0) return <p className="muted">No service task is on this network.</p>;
  const sorted = tasks.toSorted((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Service</th>
            <th scope="col">Host</th>
            <th scope="col">Host IP</th>
            <th scope="col">Address</th>
            <th scope="col">MAC</th>
            <th scope="col">State</th>
            <th scope="col">Health</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((task) => (
            <tr key={task.id} data-testid={`network-task-${task.name}`} data-desired={task.desiredState}>
              <th scope="row" className="mono">
                <Link href={`/containers/${encodeURIComponent(task.containerId)}`}>{task.name}</Link>
              </th>
              <td className="mono">
                <Link href={`/services/${encodeURIComponent(task.serviceName)}`}>{task.serviceName}</Link>
              </td>
              <td>
                <HostLink name={task.nodeName} />
              </td>
              <td className="mono">{task.hostAddress}</td>
              <td className="mono">{task.address ?? <span className="muted">–</span>}</td>
              <td className="mono">{task.mac ?? <span className="muted">–</span>}</td>
              <td>
                <span className="status-badge" data-status={task.state}>
                  {task.state}
                </span>
                {task.desiredState === 'shutdown' && <span className="subtle"> (shutting down)</span>}
              </td>
              <td>{task.health ?? <span className="muted">–</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
