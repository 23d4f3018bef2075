'use client';

import { useQuery } from '@tanstack/react-query';
import { roleAllows, type ContainerView } from '@switchyard/contracts';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { InspectJson } from '../../../../components/inspect-json';
import { KeyValueList } from '../../../../components/key-value-list';
import { NotFoundState } from '../../../../components/not-found-state';
import { PageHeader } from '../../../../components/page-header';
import { RelativeTime } from '../../../../components/relative-time';
import { useSession } from '../../../../components/session-context';
import { formatPublishedPort } from '../../../../lib/inventory/format';
import { errorMessage, isNotFound, retryUnlessGone } from '../../../../lib/trpc/errors';
import { useTRPC } from '../../../../lib/trpc/react';
import { ContainerStatusBadge } from '../container-status-badge';
import { ContainerActions } from './container-actions';
import { ContainerEndpointsTable } from './container-endpoints-table';
import { ContainerLogs } from './container-logs';

const none = <span className="muted">–</span>;
const mono = (text: string) => <span className="mono">{text}</span>;
const time = (iso: string | null) => (iso === null ? none : <RelativeTime iso={iso} />);

function stateEntries(container: ContainerView): [string, ReactNode][] {
  const { restartPolicy } = container;
  return [
    ['Status', <ContainerStatusBadge status={container.status} />],
    ['Desired', container.desiredRunning ? 'running' : 'stopped'],
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

function configEntries(container: ContainerView): [string, ReactNode][] {
  return [
    ['Image', mono(container.image)],
    ['Command', container.command.length > 0 ? mono(container.command.join(' ')) : none],
    ['Hostname', mono(container.hostname)],
    ['Host', mono(container.nodeName)],
    ['Network mode', mono(container.networkMode)],
    ['Sandbox', container.netns === null ? 'host namespace' : mono(container.netns)],
    ['DNS', container.dns.length > 0 ? mono(container.dns.join(', ')) : none],
    ['DNS search', container.dnsSearch.length > 0 ? mono(container.dnsSearch.join(', ')) : none],
    ['Created', <RelativeTime iso={container.createdAt} />],
  ];
}

/** What `docker inspect <container>` shows, laid out for reading, with its actions and logs. */
export function ContainerInspect({ idOrName }: { idOrName: string }) {
  const trpc = useTRPC();
  const { role } = useSession();
  const container = useQuery({
    ...trpc.containers.get.queryOptions({ container: idOrName }),
    retry: retryUnlessGone,
  });

  if (container.isPending) return <p className="muted">Loading container…</p>;
  if (container.isError)
    return isNotFound(container.error) ? (
      <NotFoundState kind="container" name={idOrName} listHref="/containers" />
    ) : (
      <p className="form-error" role="alert">
        {errorMessage(container.error)}
      </p>
    );

  const view = container.data;
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/containers">Containers</Link> / <span className="mono">{view.name}</span>
      </nav>
      <PageHeader
        title={view.name}
        summary={<span className="mono">{view.id}</span>}
        actions={roleAllows(role, 'operator') ? <ContainerActions container={view} /> : undefined}
      />
      <div className="inspect-grid">
        <section className="card" aria-labelledby="container-state">
          <h2 id="container-state">State</h2>
          <KeyValueList entries={stateEntries(view)} />
        </section>
        <section className="card" aria-labelledby="container-config">
          <h2 id="container-config">Config</h2>
          <KeyValueList entries={configEntries(view)} />
        </section>
        <section className="card" aria-labelledby="container-ports">
          <h2 id="container-ports">Ports</h2>
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
        </section>
        <section className="card" aria-labelledby="container-labels">
          <h2 id="container-labels">Labels</h2>
          <KeyValueList entries={Object.entries(view.labels).map(([key, value]) => [key, mono(value)])} />
        </section>
      </div>
      <section className="section" aria-labelledby="container-networks">
        <h2 id="container-networks">Networks</h2>
        <ContainerEndpointsTable networks={view.networks} />
      </section>
      <ContainerLogs idOrName={view.id} />
      <InspectJson value={view} />
    </>
  );
}
