import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { AuditLog } from './audit-log';

export const metadata: Metadata = { title: 'Audit' };

export default function AuditPage() {
  return (
    <>
      <PageHeader
        title="Audit"
        summary="Every change with who made it and from where: the dashboard, the switchyard CLI or the Docker Engine API. Networks, containers, services, routes, nodes, users, join tokens, diagnostics runs, sign-ins and refusals."
      />
      <Suspense fallback={<p className="muted">Loading the audit log…</p>}>
        <AuditLog />
      </Suspense>
    </>
  );
}
