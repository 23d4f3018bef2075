import type { Metadata } from 'next';
import { PageHeader } from '../../../components/page-header';
import { CreateNetworkPanel } from './create-network-panel';
import { NetworksTable } from './networks-table';

export const metadata: Metadata = { title: 'Networks' };

export default function NetworksPage() {
  return (
    <>
      <PageHeader
        title="Networks"
        summary="Bridge, overlay, macvlan, host and null networks with their IPAM configuration, their containers, and whether each node has realised them."
      />
      <CreateNetworkPanel />
      <NetworksTable />
    </>
  );
}
