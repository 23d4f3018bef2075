import type { Details, Fact } from './topology-details';
import type { TopoHover } from '../painters/topology-stage';
import type { Size } from '../layout/topology-zoom';

/** Rows the card shows at most: enough to decide whether to open the object. */
const cardRows = 9;
const cardWidth = 300;

export function FactRows({ facts }: { facts: readonly Fact[] }) {
  return (
    <dl className="tp-facts">
      {facts.map((fact, index) => (
        <div key={`${fact.label}-${index}`} className="tp-fact" data-tone={fact.tone}>
          <dt>{fact.label}</dt>
          <dd>{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The summary beside the hovered or focused object; it never takes the pointer. */
export function TopologyHoverCard({
  hover,
  details,
  stage,
}: {
  hover: TopoHover;
  details: Details;
  stage: Size;
}) {
  const { anchor } = hover;
  // On the side with more room, so the card covers as little of the map around it as it can.
  const roomRight = stage.width - (anchor.x + anchor.width);
  const left =
    roomRight >= anchor.x && roomRight >= cardWidth + 12
      ? anchor.x + anchor.width + 12
      : Math.max(8, anchor.x - cardWidth - 12);
  const top = Math.max(8, Math.min(anchor.y, stage.height - 220));
  const facts = [...details.facts, ...details.lists.flatMap((list) => list.rows)];
  return (
    <div
      className="tp-card"
      style={{ left, top, width: cardWidth }}
      role="status"
      data-testid="topo-hover-card"
    >
      <p className="tp-card-kind">{details.kind}</p>
      <h3>{details.name}</h3>
      <FactRows facts={facts.slice(0, cardRows)} />
      {facts.length > cardRows && <p className="tp-card-more">Click for all {facts.length} facts</p>}
    </div>
  );
}
