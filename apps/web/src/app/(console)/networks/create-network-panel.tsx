'use client';

import { roleAllows } from '@switchyard/contracts';
import { useState } from 'react';
import { DisclosurePanel } from '../../../components/disclosure-panel';
import { useSession } from '../../../components/session-context';
import { CreateNetworkForm } from './create-network-form';
import { NetworkProgress } from './network-progress';

/**
 * Operators create networks; viewers never see the form (the server refuses them anyway). Once one is
 * created the panel closes and the network's realisation on each host shows above it.
 */
export function CreateNetworkPanel() {
  const { role } = useSession();
  // Creating is this page's job: the form is open on arrival, and folds away once it has created.
  const [open, setOpen] = useState(true);
  const [created, setCreated] = useState<string | null>(null);
  if (!roleAllows(role, 'operator')) return null;
  return (
    <>
      <NetworkProgress name={created} onDismiss={() => setCreated(null)} />
      <DisclosurePanel summary="Create network" open={open} onOpenChange={setOpen}>
        <CreateNetworkForm
          onCreated={(network) => {
            setCreated(network.name);
            setOpen(false);
          }}
        />
      </DisclosurePanel>
    </>
  );
}
