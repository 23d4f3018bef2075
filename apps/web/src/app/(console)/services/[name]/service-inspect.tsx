'use client';

import { useQuery } from '@tanstack/react-query';
import { roleAllows, type ServiceView } from '@switchyard/contracts';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { CopyableId } from '../../_inspect/copyable-id';
import { InspectSection } from '../../_inspect/inspect-section';
import { InspectJson } from '../../../../components/inspect-json';
import { KeyValueList } from '../../../../components/key-value-list';
import { NotFoundState } from '../../../../components/not-found-state';
import { PageHeader } from '../../../../components/page-header';
import { useSession } from '../../../../components/session-context';
import { millisToSecondsText } from '../../../../lib/inventory/duration';
import { formatServicePort } from '../../../../lib/services/format';
import { errorMessage, isNotFound, retryUnlessGone } from '../../../../lib/trpc/errors';
import { useTRPC } from '../../../../lib/trpc/react';
import { ServiceReplicas } from '../service-replicas';
import { RemoveServiceAction } from './remove-service-action';
import { RolloutProgress } from './rollout-progress';
import { ScaleControl } from './scale-control';
import { ServiceHostnames } from './service-hostnames';
import { ServiceHosts } from './service-hosts';
import { ServiceTasks } from './service-tasks';
import { UpdateServiceForm } from './update-service-form';

// Task states come from the agents' reports; while the service converges a short poll backs up the
// pushed events so the progress never stalls on a missed one.
const convergingPollMs = 1_500;
const none = <span className="muted">–</span>;
const mono = (text: string) => <span className="mono">{text}</span>;

function isConverging(service: ServiceView): boolean {
  return service.running !== service.desired || service.updateStatus?.state === 'updating';
}

function healthText(service: ServiceView): string {
  const check = service.spec.healthCheck;
  if (!check) return 'none';
  const target =
    check.kind === 'command'
      ? (check.command ?? []).join(' ')
      : `${check.kind === 'http' ? `GET ${check.path ?? '/'} ` : ''}:${check.port ?? '?'}`;
  return `${check.kind} ${target} every ${millisToSecondsText(check.intervalMs)}s, timeout ${millisToSecondsText(check.timeoutMs)}s, ${check.retries} retries, start period ${millisToSecondsText(check.startPeriodMs)}s`;
}

function configEntries(service: ServiceView): [string, ReactNode][] {
  const { spec } = service;
  return [
    ['Image', mono(spec.image)],
    ['Mode', spec.mode],
    ['Replicas', <ServiceReplicas service={service} />],
    ['Networks', spec.networks.length > 0 ? mono(spec.networks.map((n) => n.network).join(', ')) : none],
    ['Constraints', spec.constraints.length > 0 ? mono(spec.constraints.join(', ')) : none],
    ['Health check', mono(healthText(service))],
    [
      'Environment',
      Object.keys(spec.env).length > 0
        ? mono(
            Object.entries(spec.env)
              .map(([k, v]) => `${k}=${v}`)
              .join(' '),
          )
        : none,
    ],
    ['Version', mono(String(service.version))],
  ];
}

/** `docker service inspect` and `docker service ps`, with the live rollout and the operator's controls. */
export function ServiceInspect({ name }: { name: string }) {
  const trpc = useTRPC();
  const { role } = useSession();
  const service = useQuery({
    ...trpc.services.get.queryOptions({ service: name }),
    retry: retryUnlessGone,
    refetchInterval: (query) =>
      query.state.data && isConverging(query.state.data) ? convergingPollMs : false,
  });

  if (service.isPending) return <p className="muted">Loading service…</p>;
  if (service.isError)
    return isNotFound(service.error) ? (
      <NotFoundState kind="service" name={name} listHref="/services" />
    ) : (
      <p className="form-error" role="alert">
        {errorMessage(service.error)}
      </p>
    );

  const view = service.data;
  const operator = roleAllows(role, 'operator');
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/services">Services</Link> / <span className="mono">{view.spec.name}</span>
      </nav>
      <PageHeader
        title={view.spec.name}
        summary={<CopyableId id={view.id} what="service ID" />}
        actions={
          operator ? (
            <div className="actions">
              <ScaleControl key={view.version} service={view} />
              <RemoveServiceAction name={view.spec.name} />
            </div>
          ) : undefined
        }
      />
      <RolloutProgress service={view} />
      <div className="inspect-grid">
        <InspectSection id="service-endpoint" title="Endpoint" card>
          <KeyValueList
            entries={[
              ['Endpoint mode', mono(view.spec.endpointMode)],
              ...view.virtualIps.map((vip): [string, ReactNode] => [
                `VIP on ${vip.networkName}`,
                mono(vip.address),
              ]),
              ...view.ports.map((port): [string, ReactNode] => [
                `${port.targetPort}/${port.protocol} (${port.publishMode})`,
                mono(formatServicePort(port)),
              ]),
            ]}
          />
        </InspectSection>
        <InspectSection id="service-config" title="Config" card>
          <KeyValueList entries={configEntries(view)} />
        </InspectSection>
      </div>
      <InspectSection id="service-tasks" title="Tasks by node">
        <ServiceTasks tasks={view.tasks} />
      </InspectSection>
      <ServiceHosts service={view} />
      <ServiceHostnames service={view} operator={operator} />
      {operator && (
        <InspectSection id="service-update" title="Update">
          <UpdateServiceForm key={view.version} service={view} />
        </InspectSection>
      )}
      <InspectJson value={view} />
    </>
  );
}
