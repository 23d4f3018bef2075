import { useId, type ReactNode } from 'react';
import { stackedLabelsCss, type Column } from './stacked-labels';

export type { Column } from './stacked-labels';

/**
 * The console's plain table: a frame, one header row of column names, then the rows. Wide, its cells
 * wrap rather than the frame scrolling; on a phone each row stacks into a card whose cells carry their
 * column's name (the header row is then read by screen readers only).
 */
export function DataTable({
  columns,
  caption,
  className,
  testId,
  frameTestId,
  frameClassName,
  children,
}: {
  /** `false` leaves a column out, for one a table shows only sometimes. */
  columns: readonly (string | Column | false)[];
  caption?: ReactNode;
  /** A further class on the table, for a table styled as its own kind (`events`). */
  className?: string;
  testId?: string;
  /** A test id and a further class on the frame around the table. */
  frameTestId?: string;
  frameClassName?: string;
  children: ReactNode;
}) {
  const shown = columns.filter((column) => column !== false);
  // A class of this table's own, so its stacked labels apply to it alone.
  const scope = `dt-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  return (
    <div
      className={frameClassName === undefined ? 'table-wrap' : `table-wrap ${frameClassName}`}
      data-testid={frameTestId}
    >
      <style>{stackedLabelsCss(scope, shown)}</style>
      <table
        className={['table', 'stacked', scope, className].filter(Boolean).join(' ')}
        data-testid={testId}
      >
        {caption !== undefined && <caption>{caption}</caption>}
        <thead>
          <tr>
            {shown.map((column) => {
              const {
                label,
                numeric = false,
                hidden = false,
              } = typeof column === 'string' ? { label: column } : column;
              return (
                <th key={label} scope="col" className={numeric ? 'numeric' : undefined}>
                  {hidden ? <span className="visually-hidden">{label}</span> : label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** What a cell shows when there is nothing to show. */
export function Dash() {
  return <span className="muted">–</span>;
}
