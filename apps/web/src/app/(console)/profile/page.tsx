import type { Metadata } from 'next';
import { PageHeader } from '../../../components/page-header';
import { ChangePasswordPanel } from './change-password-panel';
import { ClientBundlesPanel } from './client-bundles-panel';
import { SignOutEverywherePanel } from './sign-out-everywhere-panel';
import { WhoAmIPanel } from './who-am-i-panel';

export const metadata: Metadata = { title: 'Profile' };

// One panel a concern, each its own section: a new one is one line here.
export default function ProfilePage() {
  return (
    <>
      <PageHeader
        title="Profile"
        summary="Your account: your role, your password, your sessions, and the client bundles with which the docker CLI works as you."
      />
      <WhoAmIPanel />
      <ChangePasswordPanel />
      <SignOutEverywherePanel />
      <ClientBundlesPanel />
    </>
  );
}
