'use client';

import { roleAllows } from '@switchyard/contracts';
import { useState } from 'react';
import { DisclosurePanel } from '../../../components/disclosure-panel';
import { useSession } from '../../../components/session-context';
import { JoinTokenForm } from './join-token-form';
import { RotateJoinToken } from './rotate-join-token';

/**
 * Joining nodes, and rotating the tokens that let them, is an admin's job; others never see the
 * panel (the server refuses them anyway).
 */
export function AddNodePanel() {
  const { role } = useSession();
  const [open, setOpen] = useState(false);
  if (!roleAllows(role, 'admin')) return null;
  return (
    <DisclosurePanel summary="Add node" open={open} onOpenChange={setOpen}>
      <JoinTokenForm />
      <RotateJoinToken />
    </DisclosurePanel>
  );
}
