import type { ReactNode } from 'react';

export interface Column {
  label: string;
  numeric?: boolean;
}

/** The console's plain table: a scrolling wrapper, one header row of column names, then the rows. */
export function DataTable({
  columns,
  caption,
  className,
  testId,
  children,
}: {
  /** `false` leaves a column out, for one a table shows only sometimes. */
  columns: readonly (string | Column | false)[];
  caption?: ReactNode;
  /** A further class on the table, for a table styled as its own kind (`events`). */
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className={className === undefined ? 'table' : `table ${className}`} data-testid={testId}>
        {caption !== undefined && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => {
              if (column === false) return null;
              const { label, numeric = false } = typeof column === 'string' ? { label: column } : column;
              return (
                <th key={label} scope="col" className={numeric ? 'numeric' : undefined}>
                  {label}
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
