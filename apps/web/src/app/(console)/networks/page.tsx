import type { Metadata } from 'next';
import { EmptyState } from '../../../components/empty-state';
import { PageHeader } from '../../../components/page-header';

export const metadata: Metadata = { title: 'Networks' };

export default function NetworksPage() {
  return (
    <>
      <PageHeader
        title="Networks"
        summary="Bridge, overlay and macvlan networks with their IPAM configuration."
      />
      <EmptyState title="No networks yet">
        <p>
          Each network will be listed with its driver, scope, subnets and gateways, its VXLAN ID for overlays,
          and the endpoints attached on every node.
        </p>
      </EmptyState>
    </>
  );
}
