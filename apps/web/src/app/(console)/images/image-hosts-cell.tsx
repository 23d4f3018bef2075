import type { ImageView } from '@switchyard/contracts';
import { hostPresence } from '../../../lib/images/format';

/**
 * Which hosts hold the image: a count, every host that should as a chip (struck through while it
 * does not), and each host that failed with its agent's words.
 */
export function ImageHostsCell({ image }: { image: ImageView }) {
  if (image.source === 'builtin') return <span className="muted">all hosts (built in)</span>;
  const presence = hostPresence(image.hosts);
  return (
    <div className="image-hosts" data-testid="image-hosts">
      <span>{presence.summary}</span>
      {image.hosts.length > 0 && (
        <ul className="chips">
          {image.hosts.map((host) => (
            <li
              key={host.nodeId}
              className="chip"
              data-present={host.present}
              data-testid={`image-host-${host.name}`}
              title={host.present ? `${host.name} holds it` : (host.error ?? `${host.name} is importing it`)}
            >
              {host.name}
            </li>
          ))}
        </ul>
      )}
      {presence.pending.length > 0 && (
        <span className="subtle">importing on {presence.pending.join(', ')}</span>
      )}
      {presence.failed.map((host) => (
        <span key={host.name} className="cell-error">
          <span className="mono">{host.name}</span>: {host.error}
        </span>
      ))}
    </div>
  );
}
