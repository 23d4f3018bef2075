'use client';

import { useQuery } from '@tanstack/react-query';
import { DataTable } from '../../../components/data-table';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { UserRow } from './user-row';

const columns = ['Username', 'Role', 'Created', { label: 'Actions' }];

export function UsersTable() {
  const trpc = useTRPC();
  const users = useQuery(trpc.users.list.queryOptions());

  if (users.isPending) return <p className="muted">Loading users…</p>;
  if (users.isError)
    return (
      <p className="form-error" role="alert">
        {errorMessage(users.error)}
      </p>
    );
  return (
    <DataTable
      columns={columns}
      caption={`${users.data.length} ${users.data.length === 1 ? 'user' : 'users'}`}
      testId="users-table"
    >
      {users.data.map((user) => (
        <UserRow key={user.id} user={user} />
      ))}
    </DataTable>
  );
}
