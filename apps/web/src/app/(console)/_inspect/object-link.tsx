import Link from 'next/link';
import { shortenIds } from '../../../lib/events/event-links';
import type { DescribedConditionData } from './types';

/** An agent's object, linked to its network or container page where it has one. */
export function ObjectLabel({ condition }: { condition: DescribedConditionData }) {
  const { link, label } = condition;
  if (link === null) return <span className="mono">{label}</span>;
  const href = `/${link.kind === 'network' ? 'networks' : 'containers'}/${encodeURIComponent(link.key)}`;
  return (
    <Link className="mono" href={href} title={condition.object}>
      {shortenIds(label)}
    </Link>
  );
}
