import type { Metadata } from 'next';
import { PageHeader } from '../../../components/page-header';
import { UsersAdmin } from './users-admin';

export const metadata: Metadata = { title: 'Users' };

export default function UsersPage() {
  return (
    <>
      <PageHeader
        title="Users"
        summary="Who may sign in, and what each may do: a viewer reads, an operator changes networks, containers, services and routes, an admin also manages nodes, join tokens and users."
      />
      <UsersAdmin />
    </>
  );
}
