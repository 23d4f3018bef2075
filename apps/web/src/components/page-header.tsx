import type { ReactNode } from 'react';

export function PageHeader({
  title,
  summary,
  actions,
}: {
  title: string;
  summary: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        <p className="page-summary">{summary}</p>
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
