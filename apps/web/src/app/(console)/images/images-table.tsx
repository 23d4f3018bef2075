'use client';

import { useQuery } from '@tanstack/react-query';
import { roleAllows } from '@switchyard/contracts';
import { DataTable } from '../../../components/data-table';
import { EmptyState } from '../../../components/empty-state';
import { RelativeTime } from '../../../components/relative-time';
import { useSession } from '../../../components/session-context';
import { formatBytes, shortImageId } from '../../../lib/images/format';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { ImageActions } from './image-actions';
import { ImageHostsCell } from './image-hosts-cell';
import { imageLabel } from './image-label';
import './images.css';

/** `docker image ls` with what Switchyard adds: where each image is, and what uses it. */
export function ImagesTable() {
  const trpc = useTRPC();
  const { role } = useSession();
  const operator = roleAllows(role, 'operator');
  const images = useQuery(trpc.images.list.queryOptions());

  if (images.isPending) return <p className="muted">Loading images…</p>;
  if (images.isError)
    return (
      <p className="form-error" role="alert">
        {errorMessage(images.error)}
      </p>
    );
  if (images.data.length === 0)
    return (
      <EmptyState title="No images">
        <p>Load an archive above, or `docker load -i app.tar` against the Engine API.</p>
      </EmptyState>
    );
  const sorted = images.data.toSorted((a, b) => imageLabel(a).localeCompare(imageLabel(b)));
  return (
    <DataTable
      caption={`${sorted.length} ${sorted.length === 1 ? 'image' : 'images'}`}
      testId="images-table"
      className="images"
      columns={[
        'Image',
        'ID',
        { label: 'Size', numeric: true },
        { label: 'Layers', numeric: true },
        'Created',
        'Source',
        'Runtime',
        'Hosts',
        { label: 'Containers', numeric: true },
        operator && 'Actions',
      ]}
    >
      {sorted.map((image) => (
        <tr key={image.id} data-testid={`image-row-${imageLabel(image)}`}>
          <th scope="row">
            <div className="image-refs mono">
              {image.references.length > 0 ? (
                image.references.map((reference) => <span key={reference}>{reference}</span>)
              ) : (
                <span className="muted">&lt;none&gt;</span>
              )}
            </div>
          </th>
          <td className="mono" title={image.id}>
            {shortImageId(image.id)}
          </td>
          <td className="numeric">{image.source === 'builtin' ? '–' : formatBytes(image.size)}</td>
          <td className="numeric">{image.source === 'builtin' ? '–' : image.layers}</td>
          <td>
            {image.createdAt === null ? (
              <span className="muted">–</span>
            ) : (
              <RelativeTime iso={image.createdAt} />
            )}
          </td>
          <td>{image.source}</td>
          <td className="mono" data-testid="image-runtime">
            {image.runtime}
          </td>
          <td>
            <ImageHostsCell image={image} />
          </td>
          <td className="numeric">{image.containers}</td>
          {operator && (
            <td className="actions-cell">
              {image.source === 'builtin' ? (
                <span className="muted">built in</span>
              ) : (
                <ImageActions image={image} />
              )}
            </td>
          )}
        </tr>
      ))}
    </DataTable>
  );
}
