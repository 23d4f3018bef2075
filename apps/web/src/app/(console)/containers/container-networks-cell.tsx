import type { ContainerView } from '@switchyard/contracts';
import { formatEndpointAddress } from '../../../lib/inventory/format';

export function ContainerNetworksCell({ networks }: { networks: ContainerView['networks'] }) {
  if (networks.length === 0) return <span className="muted">–</span>;
  return (
    <ul className="plain-list">
      {networks.map((endpoint) => (
        <li key={endpoint.endpointId}>
          <span className="mono">{endpoint.networkName}</span>{' '}
          <span className="mono subtle">{formatEndpointAddress(endpoint) ?? 'no address'}</span>
        </li>
      ))}
    </ul>
  );
}
