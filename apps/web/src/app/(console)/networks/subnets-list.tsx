import type { NetworkView } from '@switchyard/contracts';

export function SubnetsList({ ipam }: { ipam: NetworkView['ipam'] }) {
  if (ipam.length === 0) return <span className="muted">–</span>;
  return (
    <ul className="plain-list mono">
      {ipam.map((pool) => (
        <li key={pool.subnet}>
          {pool.subnet} <span className="subtle">gw {pool.gateway}</span>
        </li>
      ))}
    </ul>
  );
}
