import Link from 'next/link';
import { DataTable, Dash } from '../../../../components/data-table';
import { ConditionState } from '../../_inspect/condition-state';
import { TaskState } from '../../_inspect/task-state';
import type { NodeInspectData } from '../../_inspect/types';
import { containerStatusTitle } from '../../../../lib/badges/explain';

type Container = NodeInspectData['containers'][number];

function ContainerName({ container }: { container: Container }) {
  return (
    <th scope="row" className="mono">
      <Link href={`/containers/${encodeURIComponent(container.name)}`}>{container.name}</Link>
    </th>
  );
}

function Addresses({ container }: { container: Container }) {
  if (container.addresses.length === 0) return <Dash />;
  return (
    <>
      {container.addresses.map((address) => (
        <div key={address.networkName}>
          {address.address} <span className="subtle">{address.networkName}</span>
        </div>
      ))}
    </>
  );
}

export function NodeNetworks({ networks }: { networks: NodeInspectData['networks'] }) {
  if (networks.length === 0) return <p className="muted">No network lives on this host.</p>;
  return (
    <DataTable columns={['Network', 'Driver', 'Scope', 'State here']}>
      {networks.map((network) => (
        <tr key={network.id} data-testid={`node-network-${network.name}`}>
          <th scope="row" className="mono">
            <Link href={`/networks/${encodeURIComponent(network.name)}`}>{network.name}</Link>
          </th>
          <td className="mono">{network.driver}</td>
          <td>{network.scope}</td>
          <td>
            <ConditionState ready={network.ready} message={network.message} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export function NodeContainers({ containers }: { containers: readonly Container[] }) {
  if (containers.length === 0) return <p className="muted">No standalone container runs here.</p>;
  return (
    <DataTable columns={['Container', 'Image', 'State', 'Addresses', 'Restarts']}>
      {containers.map((container) => (
        <tr key={container.id} data-testid={`node-container-${container.name}`}>
          <ContainerName container={container} />
          <td className="mono">{container.image}</td>
          <td>
            <span
              className="status-badge"
              data-status={container.status}
              title={containerStatusTitle(container.status)}
            >
              {container.status}
            </span>
            {container.error && <div className="error-text">{container.error}</div>}
          </td>
          <td className="mono">
            <Addresses container={container} />
          </td>
          <td className="numeric">{container.restartCount}</td>
        </tr>
      ))}
    </DataTable>
  );
}

export function NodeTasks({ tasks }: { tasks: readonly Container[] }) {
  if (tasks.length === 0) return <p className="muted">No service task runs here.</p>;
  return (
    <DataTable columns={['Task', 'Service', 'State', 'Health', 'Addresses']}>
      {tasks.map((container) => (
        <tr key={container.id} data-testid={`node-task-${container.name}`}>
          <ContainerName container={container} />
          <td className="mono">
            {container.task && (
              <Link href={`/services/${encodeURIComponent(container.task.serviceName)}`}>
                {container.task.serviceName}
              </Link>
            )}
          </td>
          <td>
            <TaskState
              state={container.task?.state ?? container.status}
              desiredState={container.task?.desiredState}
            />
          </td>
          <td>{container.health ?? <Dash />}</td>
          <td className="mono">
            <Addresses container={container} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
