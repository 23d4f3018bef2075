'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { InspectJson } from '../../../../components/inspect-json';
import { KeyValueList } from '../../../../components/key-value-list';
import { NotFoundState } from '../../../../components/not-found-state';
import { PageHeader } from '../../../../components/page-header';
import { RelativeTime } from '../../../../components/relative-time';
import { formatTimestamp } from '../../../../lib/time/format';
import { errorMessage, isNotFound, retryUnlessGone } from '../../../../lib/trpc/errors';
import { useTRPC } from '../../../../lib/trpc/react';
import { CopyableId } from '../../_inspect/copyable-id';
import { EventList } from '../../_inspect/event-list';
import { InspectSection } from '../../_inspect/inspect-section';
import type { NodeInspectData } from '../../_inspect/types';
import { CapabilityChips } from '../capability-chips';
import { NodeStatusBadge } from '../node-status-badge';
import { NodeConditions } from './node-conditions';
import { NodeContainers, NodeNetworks, NodeTasks } from './node-workloads';
import { useLiveNode } from './use-live-node';

const mono = (text: string) => <span className="mono">{text}</span>;
const when = (iso: string | null, never: string) =>
  iso === null ? <span className="muted">{never}</span> : <RelativeTime iso={iso} />;

function overview(data: NodeInspectData): [string, ReactNode][] {
  const { node } = data;
  return [
    ['Status', <NodeStatusBadge status={node.status} />],
    ['Availability', node.availability],
    ['Underlay address', mono(node.underlayAddress)],
    ['Agent version', mono(node.agentVersion)],
    ['Kernel', mono(node.kernelVersion)],
    ['Joined', <RelativeTime iso={node.joinedAt} />],
    ['Last heartbeat', when(node.lastHeartbeatAt, 'never')],
    ['Last report', when(data.observedAt, 'none yet')],
  ];
}

function revision(data: NodeInspectData): [string, ReactNode][] {
  const { node } = data;
  const converged = node.observedRevision >= node.desiredRevision;
  const failing = data.conditions.filter((condition) => !condition.ready).length;
  return [
    ['Desired', mono(String(node.desiredRevision))],
    ['Applied', <span data-testid="node-applied-revision">{mono(String(node.observedRevision))}</span>],
    [
      'Converged',
      <span
        className="ix-state"
        data-tone={converged ? 'ready' : 'pending'}
        title={
          converged
            ? 'The agent has applied the latest desired state'
            : 'The agent is still applying the latest desired state'
        }
      >
        {converged ? 'yes' : 'applying'}
      </span>,
    ],
    [
      'Not ready',
      failing === 0 ? (
        'nothing'
      ) : (
        <span className="error-text">{`${failing} of ${data.conditions.length}`}</span>
      ),
    ],
  ];
}

/** The certificate the node's agent proves itself with (the newest not revoked), and what came before. */
function identity(data: NodeInspectData): [string, ReactNode][] {
  const [current, ...earlier] = data.certificates.filter((certificate) => certificate.revokedAt === null);
  const revoked = data.certificates.length - 1 - earlier.length;
  if (current === undefined) return [['Certificate', <span className="error-text">none valid</span>]];
  return [
    [
      'Certificate',
      <span className="mono" data-testid="node-certificate-serial">
        {current.serial}
      </span>,
    ],
    ['Issued', <RelativeTime iso={current.issuedAt} />],
    ['Expires', <time dateTime={current.notAfter}>{formatTimestamp(new Date(current.notAfter))}</time>],
    ['Earlier', `${earlier.length} earlier, ${Math.max(0, revoked)} revoked`],
  ];
}

/** One host: what its agent is and reported, what lives on it, and what happened to it. */
export function NodeInspect({ name }: { name: string }) {
  const trpc = useTRPC();
  const inspect = useQuery({ ...trpc.nodes.inspect.queryOptions({ node: name }), retry: retryUnlessGone });
  useLiveNode(name);

  if (inspect.isPending) return <p className="muted">Loading node…</p>;
  if (inspect.isError)
    return isNotFound(inspect.error) ? (
      <NotFoundState kind="node" name={name} listHref="/nodes" />
    ) : (
      <p className="form-error" role="alert">
        {errorMessage(inspect.error)}
      </p>
    );

  const data = inspect.data;
  const { node } = data;
  const tasks = data.containers.filter((container) => container.task !== null);
  const containers = data.containers.filter((container) => container.task === null);
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/nodes">Nodes</Link> / <span className="mono">{node.name}</span>
      </nav>
      <PageHeader
        title={node.name}
        summary={<CopyableId id={node.id} what="node ID" />}
        actions={
          <Link className="button" href={`/diagnostics?host=${encodeURIComponent(node.name)}`}>
            Diagnose this host
          </Link>
        }
      />
      <div className="inspect-grid">
        <InspectSection id="node-overview" title="Overview" card>
          <KeyValueList entries={overview(data)} />
        </InspectSection>
        <InspectSection id="node-revision" title="Desired state" card>
          <KeyValueList entries={revision(data)} />
        </InspectSection>
        <InspectSection id="node-identity" title="Identity (mTLS)" card>
          <KeyValueList entries={identity(data)} />
        </InspectSection>
        <InspectSection id="node-capabilities" title="Capabilities" card>
          <CapabilityChips present={node.capabilities} />
        </InspectSection>
        <InspectSection id="node-labels" title="Labels" card>
          <KeyValueList entries={Object.entries(node.labels).map(([key, value]) => [key, mono(value)])} />
        </InspectSection>
      </div>
      <InspectSection id="node-not-ready" title="Not ready">
        <NodeConditions conditions={data.conditions} />
      </InspectSection>
      <InspectSection id="node-networks" title="Networks">
        <NodeNetworks networks={data.networks} />
      </InspectSection>
      <InspectSection id="node-containers" title="Containers">
        <NodeContainers containers={containers} />
      </InspectSection>
      <InspectSection id="node-tasks" title="Tasks">
        <NodeTasks tasks={tasks} />
      </InspectSection>
      <InspectSection id="node-events" title="Recent agent events">
        <EventList
          events={data.events.slice(0, 25)}
          empty="Nothing recorded about this node yet."
          moreHref={`/events?search=${encodeURIComponent(node.name)}`}
          testId="node-events"
        />
      </InspectSection>
      <InspectJson value={data} />
    </>
  );
}
