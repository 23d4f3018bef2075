import Link from 'next/link';
import { DataTable, Dash } from '../../../../components/data-table';
import { HostLink } from '../../_inspect/host-link';
import { TaskState } from '../../_inspect/task-state';
import type { NetworkInspectData } from '../../_inspect/types';

const columns = ['Task', 'Service', 'Host', 'Host IP', 'Address', 'MAC', 'State', 'Health'];

/** Service tasks with an endpoint here: where each runs, its address on this network, its state. */
export function NetworkTasksTable({ tasks }: { tasks: NetworkInspectData['tasks'] }) {
  if (tasks.length === 0) return <p className="muted">No service task is on this network.</p>;
  const sorted = tasks.toSorted((a, b) => a.name.localeCompare(b.name));
  return (
    <DataTable columns={columns}>
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
          <td className="mono">{task.address ?? <Dash />}</td>
          <td className="mono">{task.mac ?? <Dash />}</td>
          <td>
            <TaskState state={task.state} desiredState={task.desiredState} />
          </td>
          <td>{task.health ?? <Dash />}</td>
        </tr>
      ))}
    </DataTable>
  );
}
