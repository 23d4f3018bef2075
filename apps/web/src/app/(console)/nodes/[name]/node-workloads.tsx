import Link from 'next/link';
import { ConditionState } from '../../_inspect/condition-state';
import type { NodeInspectData } from '../../_inspect/types';

type Container = NodeInspectData['containers'][number];

const containerHref = (container: Container) => `/containers/${encodeURIComponent(container.name)}`;

function Addresses({ container }: { container: Container }) {
  if (container.addresses.length === 0) return <span className="muted">–</span>;
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
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Network</th>
            <th scope="col">Driver</th>
            <th scope="col">Scope</th>
            <th scope="col">State here</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}

export function NodeContainers({ containers }: { containers: readonly Container[] }) {
  if (containers.length === 0) return <p className="muted">No standalone container runs here.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Container</th>
            <th scope="col">Image</th>
            <th scope="col">State</th>
            <th scope="col">Addresses</th>
            <th scope="col">Restarts</th>
          </tr>
        </thead>
        <tbody>
          {containers.map((container) => (
            <tr key={container.id} data-testid={`node-container-${container.name}`}>
              <th scope="row" className="mono">
                <Link href={containerHref(container)}>{container.name}</Link>
              </th>
              <td className="mono">{container.image}</td>
              <td>
                <span className="status-badge" data-status={container.status}>
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
        </tbody>
      </table>
    </div>
  );
}

export function NodeTasks({ tasks }: { tasks: readonly Container[] }) {
  if (tasks.length === 0) return <p className="muted">No service task runs here.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Service</th>
            <th scope="col">State</th>
            <th scope="col">Health</th>
            <th scope="col">Addresses</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((container) => (
            <tr key={container.id} data-testid={`node-task-${container.name}`}>
              <th scope="row" className="mono">
                <Link href={containerHref(container)}>{container.name}</Link>
              </th>
              <td className="mono">
                {container.task && (
                  <Link href={`/services/${encodeURIComponent(container.task.serviceName)}`}>
                    {container.task.serviceName}
                  </Link>
                )}
              </td>
              <td>
                <span className="status-badge" data-status={container.task?.state ?? container.status}>
                  {container.task?.state ?? container.status}
                </span>
                {container.task?.desiredState === 'shutdown' && (
                  <span className="subtle"> (shutting down)</span>
                )}
              </td>
              <td>{container.health ?? <span className="muted">–</span>}</td>
              <td className="mono">
                <Addresses container={container} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
