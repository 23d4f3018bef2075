'use client';

import { roleAllows } from '@switchyard/contracts';
import { useSession } from '../../../components/session-context';
import { CreateUserPanel } from './create-user-panel';
import { UsersTable } from './users-table';

/** Managing users is an admin's job; anyone else who finds the address is told so, and sees no list. */
export function UsersAdmin() {
  const { role } = useSession();
  if (!roleAllows(role, 'admin')) return <p className="notice">Managing users needs the admin role.</p>;
  return (
    <>
      <CreateUserPanel />
      <UsersTable />
    </>
  );
}
