'use client';

import { roleAllows } from '@switchyard/contracts';
import { useSession } from '../../../components/session-context';
import { JoinTokenForm } from './join-token-form';

/** Joining nodes is an admin's job; others never see the panel (the server refuses them anyway). */
export function AddNodePanel() {
  const { role } = useSession();
  if (!roleAllows(role, 'admin')) return null;
  return (
    <details className="panel">
      <summary>Add node</summary>
      <JoinTokenForm />
    </details>
  );
}
