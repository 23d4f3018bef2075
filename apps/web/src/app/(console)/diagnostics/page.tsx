import type { Metadata } from 'next';
import { PageHeader } from '../../../components/page-header';
import { DiagnosticsView } from './diagnostics-view';

export const metadata: Metadata = { title: 'Diagnostics' };

export default function DiagnosticsPage() {
  return (
    <>
      <PageHeader
        title="Diagnostics"
        summary="The netshoot workflow without a shell: probes from inside a sandbox, what a host's kernel holds for a network or service, and why A cannot reach B."
      />
      <DiagnosticsView />
    </>
  );
}
