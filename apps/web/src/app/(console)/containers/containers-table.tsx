'use client';

import { useQuery } from '@tanstack/react-query';
import { roleAllows } from '@switchyard/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { EmptyState } from '../../../components/empty-state';
import { useSession } from '../../../components/session-context';
import { composeMembership, composeProjects } from '../../../lib/inventory/compose';
import { formatPublishedPort } from '../../../lib/inventory/format';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { ComposeChip } from './compose-chip';
import { ComposeProjectFilter, anyProject, noProject } from './compose-project-filter';
import { ContainerNetworksCell } from './container-networks-cell';
import { ContainerStatusBadge } from './container-status-badge';
import { DataTable } from '../../../components/data-table';

export function ContainersTable() {
  const trpc = useTRPC();
  const { role } = useSession();
  // As `docker ps -a` by default: a container that exited is exactly what an operator comes looking for.
  const [all, setAll] = useState(true);
  const containers = useQuery(trpc.containers.list.queryOptions({ all }));
  const [project, setProject] = useState(anyProject);
  const projects = composeProjects(containers.data ?? []);
  const shown = (containers.data ?? []).filter((container) => {
    if (project === anyProject) return true;
    const member = composeMembership(container.labels)?.project;
    return project === noProject ? member === undefined : member === project;
  });

  return (
    <>
      <div className="toolbar">
        <label className="inline-field">
          <input type="checkbox" checked={all} onChange={(event) => setAll(event.target.checked)} />
          Include stopped containers
        </label>
        {(projects.length > 0 || project !== anyProject) && (
          <ComposeProjectFilter projects={projects} value={project} onChange={setProject} />
        )}
      </div>
      {containers.isPending && <p className="muted">Loading containers…</p>}
      {containers.isError && (
        <p className="form-error" role="alert">
          {errorMessage(containers.error)}
        </p>
      )}
      {containers.isSuccess && containers.data.length === 0 && (
        <EmptyState title={all ? 'No containers' : 'No running containers'}>
          {roleAllows(role, 'operator') ? (
            <p>Create one above, or with `docker run -d` against the control plane&apos;s Engine API.</p>
          ) : (
            <p>An operator creates them.</p>
          )}
        </EmptyState>
      )}
      {containers.isSuccess && containers.data.length > 0 && shown.length === 0 && (
        <EmptyState title="No containers in this compose project">
          <p>Choose another project, or Any.</p>
        </EmptyState>
      )}
      {containers.isSuccess && shown.length > 0 && (
        <DataTable
          columns={['Name', 'Image', 'Status', 'Compose', 'Host', 'Networks', 'Ports']}
          caption={
            <>
              {shown.length} {shown.length === 1 ? 'container' : 'containers'}
            </>
          }
        >
          {shown
            .toSorted((a, b) => a.name.localeCompare(b.name))
            .map((container) => (
              <tr key={container.id} data-testid={`container-row-${container.name}`}>
                <th scope="row" className="mono">
                  <Link href={`/containers/${encodeURIComponent(container.name)}`}>{container.name}</Link>
                </th>
                <td className="mono">{container.image}</td>
                <td>
                  <ContainerStatusBadge status={container.status} />
                  {container.error && (
                    <div className="cell-error" title={container.error}>
                      {container.error}
                    </div>
                  )}
                </td>
                <td>
                  {composeMembership(container.labels) === null ? (
                    <span className="muted">–</span>
                  ) : (
                    <ComposeChip labels={container.labels} />
                  )}
                </td>
                <td className="mono">{container.nodeName}</td>
                <td>
                  <ContainerNetworksCell networks={container.networks} />
                </td>
                <td className="mono">
                  {container.ports.map(formatPublishedPort).join(', ') || <span className="muted">–</span>}
                </td>
              </tr>
            ))}
        </DataTable>
      )}
    </>
  );
}
