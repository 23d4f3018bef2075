import Link from 'next/link';

/** A host's name, leading to its node page. */
export function HostLink({ name }: { name: string }) {
  return (
    <Link className="mono" href={`/nodes/${encodeURIComponent(name)}`}>
      {name}
    </Link>
  );
}
