import type { ImageView } from '@switchyard/contracts';
import { hostPresence } from '../../../lib/images/format';

/** Which hosts hold the image: a count, then each host still importing it and each that failed, why. */
export function ImageHostsCell({ image }: { image: ImageView }) {
  if (image.source === 'builtin') return <span className="muted">every host (built in)</span>;
  const presence = hostPresence(image.hosts);
  const holding = image.hosts.filter((host) => host.present).map((host) => host.name);
  return (
    <div className="image-hosts">
      <span title={holding.join(', ')}>{presence.summary}</span>
      {holding.length > 0 && <span className="mono subtle">{holding.join(', ')}</span>}
      {presence.pending.length > 0 && (
        <span className="subtle">importing on {presence.pending.join(', ')}</span>
      )}
      {presence.failed.map((host) => (
        <span key={host.name} className="cell-error" title={host.error}>
          <span className="mono">{host.name}</span>: {host.error}
        </span>
      ))}
    </div>
  );
}
