'use client';

import { useQuery } from '@tanstack/react-query';
import { roleAllows, type ContainerView, type Runtime } from '@switchyard/contracts';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { InspectJson } from '../../../../components/inspect-json';
import { KeyValueList } from '../../../../components/key-value-list';
import { NotFoundState } from '../../../../components/not-found-state';
import { PageHeader } from '../../../../components/page-header';
import { RelativeTime } from '../../../../components/relative-time';
import { useSession } from '../../../../components/session-context';
import { runtimeOfContainer } from '../../../../lib/images/references';
import { formatPublishedPort } from '../../../../lib/inventory/format';
import { errorMessage, isNotFound, retryUnlessGone } from '../../../../lib/trpc/errors';
import { useTRPC } from '../../../../lib/trpc/react';
import { ConditionState, StateBadge, conditionTone } from '../../_inspect/condition-state';
import { CopyableId } from '../../_inspect/copyable-id';
import { EventList } from '../../_inspect/event-list';
import { HostLink } from '../../_inspect/host-link';
import { InspectSection } from '../../_inspect/inspect-section';
import { ObjectLabel } from '../../_inspect/object-link';
import type { ContainerInspectData } from '../../_inspect/types';
import { ComposeChip } from '../compose-chip';
import { ContainerStatusBadge } from '../container-status-badge';
import { ContainerActions } from './container-actions';
import { ContainerEndpointsTable } from './container-endpoints-table';
import { ContainerInside } from './container-inside';
import { ContainerLogs } from './container-logs';
import { DataTable } from '../../../../components/data-table';
import { taskStateTitle } from '../../../../lib/badges/explain';

const none = <span className="muted">–</span>;
const mono = (text: string) => <span className="mono">{text}</span>;
const time = (iso: string | null) => (iso === null ? none : <RelativeTime iso={iso} />);

function stateEntries(data: ContainerInspectData): [string, ReactNode][] {
  const { container } = data;
  const { restartPolicy } = container;
  return [
    ['Status', <ContainerStatusBadge status={container.status} />],
    ['Desired', container.desiredRunning ? 'running' : 'stopped'],
    ['Health', data.health === null ? <span className="muted">no health check</span> : mono(data.health)],
    ['PID', container.pid === null ? none : mono(String(container.pid))],
    ['Exit code', container.exitCode === null ? none : mono(String(container.exitCode))],
    ['Restart count', mono(String(container.restartCount))],
    [
      'Restart policy',
      mono(
        restartPolicy.name === 'on-failure'
          ? `on-failure:${restartPolicy.maximumRetryCount}`
          : restartPolicy.name,
      ),
    ],
    ['Started', time(container.startedAt)],
    ['Finished', time(container.finishedAt)],
    ['Error', container.error ? <span className="error-text">{container.error}</span> : none],
  ];
}

function configEntries(container: ContainerView, runtime: Runtime | null): [string, ReactNode][] {
  return [
    ['Image', mono(container.image)],
    [
      'Runtime',
      runtime === null ? (
        none
      ) : (
        <span className="mono" data-testid="container-runtime">
          {runtime}
        </span>
      ),
    ],
    ['Command', container.command.length > 0 ? mono(container.command.join(' ')) : none],
    ['Hostname', mono(container.hostname)],
    ['Network mode', mono(container.networkMode)],
    ['Sandbox', container.netns === null ? 'host namespace' : mono(container.netns)],
    ['DNS', container.dns.length > 0 ? mono(container.dns.join(', ')) : none],
    ['DNS search', container.dnsSearch.length > 0 ? mono(container.dnsSearch.join(', ')) : none],
    ['Created', <RelativeTime iso={container.createdAt} />],
  ];
}

/** Where it runs and what that host's agent last said about its sandbox. */
function hostEntries(data: ContainerInspectData): [string, ReactNode][] {
  const { host, container } = data;
  const sandbox = data.conditions.find((condition) => condition.object === `sandbox/${container.id}`);
  return [
    ['Host', <HostLink name={host.nodeName} />],
    ['Host status', <StateBadge tone={conditionTone(true, host.status)} label={host.status} />],
    ['Underlay address', mono(host.underlayAddress)],
    [
      'Sandbox',
      container.netns === null ? (
        'host namespace'
      ) : (
        <span data-testid="sandbox-state">
          <ConditionState
            ready={sandbox?.ready ?? null}
            message={sandbox?.message ?? null}
            hostStatus={host.status}
          />
        </span>
      ),
    ],
    ['Last report', time(host.observedAt)],
  ];
}

function taskEntries(task: NonNullable<ContainerInspectData['task']>): [string, ReactNode][] {
  return [
    [
      'Service',
      <Link className="mono" href={`/services/${encodeURIComponent(task.serviceName)}`}>
        {task.serviceName}
      </Link>,
    ],
    ['Slot', task.slot === null ? 'global' : mono(String(task.slot))],
    [
      'State',
      <span className="status-badge" data-status={task.state} title={taskStateTitle(task.state)}>
        {task.state}
      </span>,
    ],
    ['Desired', task.desiredState],
    ['Message', task.message ? task.message : none],
    ['Error', task.error ? <span className="error-text">{task.error}</span> : none],
  ];
}

function AgentReport({ data }: { data: ContainerInspectData }) {
  if (data.conditions.length === 0)
    return (
      <p className="muted">The agent on {data.host.nodeName} has reported nothing about this sandbox yet.</p>
    );
  return (
    <DataTable columns={[`Object on ${data.host.nodeName}`, 'State']} testId="container-conditions">
      {data.conditions.map((condition) => (
        <tr key={condition.object} data-ready={condition.ready}>
          <th scope="row">
            <ObjectLabel condition={condition} />
          </th>
          <td>
            <ConditionState
              ready={condition.ready}
              message={condition.message}
              hostStatus={data.host.status}
            />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** What `docker inspect <container>` shows, laid out for reading, with what its host's agent observed. */
export function ContainerInspect({ idOrName }: { idOrName: string }) {
  const trpc = useTRPC();
  const { role } = useSession();
  const inspect = useQuery({
    ...trpc.inventory.container.queryOptions({ container: idOrName }),
    retry: retryUnlessGone,
  });
  const images = useQuery(trpc.images.list.queryOptions());

  if (inspect.isPending) return <p className="muted">Loading container…</p>;
  if (inspect.isError)
    return isNotFound(inspect.error) ? (
      <NotFoundState kind="container" name={idOrName} listHref="/containers" />
    ) : (
      <p className="form-error" role="alert">
        {errorMessage(inspect.error)}
      </p>
    );

  const data = inspect.data;
  const view = data.container;
  const drift = data.events.filter((event) => event.kind === 'agent.drift.repaired');
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/containers">Containers</Link> / <span className="mono">{view.name}</span>
      </nav>
      <PageHeader
        title={view.name}
        summary={
          <>
            <CopyableId id={view.id} what="container ID" /> <ComposeChip labels={view.labels} />
          </>
        }
        actions={roleAllows(role, 'operator') ? <ContainerActions container={view} /> : undefined}
      />
      <div className="inspect-grid">
        <InspectSection id="container-state" title="State" card>
          <KeyValueList entries={stateEntries(data)} />
        </InspectSection>
        <InspectSection id="container-host" title="On its host" card>
          <KeyValueList entries={hostEntries(data)} />
        </InspectSection>
        {data.task && (
          <InspectSection id="container-task" title="Service task" card>
            <KeyValueList entries={taskEntries(data.task)} />
          </InspectSection>
        )}
        <InspectSection id="container-config" title="Config" card>
          <KeyValueList entries={configEntries(view, runtimeOfContainer(images.data ?? [], view))} />
        </InspectSection>
        <InspectSection id="container-ports" title="Ports" card>
          <KeyValueList
            entries={view.ports.map((port) => [
              `${port.containerPort}/${port.protocol}`,
              mono(formatPublishedPort(port)),
            ])}
            empty="Nothing published"
          />
          {view.exposedPorts.length > 0 && (
            <p className="subtle">
              Exposed: {view.exposedPorts.map((port) => `${port.port}/${port.protocol}`).join(', ')}
            </p>
          )}
        </InspectSection>
        <InspectSection id="container-labels" title="Labels" card>
          <KeyValueList entries={Object.entries(view.labels).map(([key, value]) => [key, mono(value)])} />
        </InspectSection>
      </div>
      <ContainerInside container={view} />
      <InspectSection id="container-networks" title="Networks">
        <ContainerEndpointsTable
          networks={view.networks}
          conditions={data.conditions}
          hostStatus={data.host.status}
        />
      </InspectSection>
      <InspectSection id="container-agent" title="What the agent observed">
        <AgentReport data={data} />
      </InspectSection>
      <InspectSection id="container-drift" title="Drift repaired">
        <EventList events={drift} empty="No drift found in this sandbox." testId="container-drift" />
      </InspectSection>
      <ContainerLogs idOrName={view.id} />
      <InspectSection id="container-events" title="Events">
        <EventList
          events={data.events.slice(0, 20)}
          empty="Nothing recorded about this container yet."
          moreHref={`/events?search=${encodeURIComponent(view.name)}`}
          testId="container-events"
        />
      </InspectSection>
      <InspectJson value={data} />
    </>
  );
}
