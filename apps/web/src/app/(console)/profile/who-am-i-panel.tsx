'use client';

import { useSession } from '../../../components/session-context';
import { ProfilePanel } from './profile-panel';
import { roleTitle } from '../../../lib/badges/explain';

const roleMeaning = {
  viewer: 'You can read everything and change nothing.',
  operator: 'You can change networks, containers, services and routes.',
  admin: 'You can change everything, nodes, join tokens and users included.',
} as const;

export function WhoAmIPanel() {
  const { username, role } = useSession();
  return (
    <ProfilePanel id="profile-account" title="Account">
      <p>
        Signed in as <span className="mono">{username}</span>, with the{' '}
        <span className="role-badge" data-role={role} title={roleTitle(role)}>
          {role}
        </span>{' '}
        role. {roleMeaning[role]} An admin gives roles on the Users page.
      </p>
    </ProfilePanel>
  );
}
