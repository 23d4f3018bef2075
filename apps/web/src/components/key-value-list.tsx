import { Fragment, type ReactNode } from 'react';

/** Lets long dotted keys (com.docker.network.bridge.name) wrap at the dots instead of mid-word. */
function breakAtDots(key: string): ReactNode {
  return key.split('.').map((part, index) => (
    <Fragment key={index}>
      {index > 0 && (
        <>
          .<wbr />
        </>
      )}
      {part}
    </Fragment>
  ));
}

/** Term/value pairs as an inspect view lists them. */
export function KeyValueList({
  entries,
  empty = 'none',
}: {
  entries: [string, ReactNode][];
  empty?: string;
}) {
  if (entries.length === 0) return <p className="muted">{empty}</p>;
  return (
    <dl className="key-values">
      {entries.map(([key, value]) => (
        <div key={key} className="key-value">
          <dt>{breakAtDots(key)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
