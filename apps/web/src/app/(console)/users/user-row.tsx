'use client';

import { RelativeTime } from '../../../components/relative-time';
import { useSession } from '../../../components/session-context';
import { RemoveUserAction } from './remove-user-action';
import { ResetPasswordAction } from './reset-password-action';
import type { UserListing } from './user-draft';
import { UserRoleForm } from './user-role-form';
import { roleTitle } from '../../../lib/badges/explain';

/**
 * One user with an admin's controls. One's own row has none: the server refuses changing one's own
 * role or removing oneself, and one's own password is changed on the Profile page.
 */
export function UserRow({ user }: { user: UserListing }) {
  const { username } = useSession();
  const self = user.username === username;
  return (
    <tr data-testid={`user-row-${user.username}`}>
      <th scope="row" className="mono">
        {user.username}
      </th>
      <td>
        {self ? (
          <span className="role-badge" data-role={user.role} title={roleTitle(user.role)}>
            {user.role}
          </span>
        ) : (
          <UserRoleForm user={user} />
        )}
      </td>
      <td>
        <RelativeTime iso={user.createdAt} />
      </td>
      <td className="actions-cell">
        {self ? (
          <span className="muted">You (change your password on your Profile)</span>
        ) : (
          <div className="actions">
            <ResetPasswordAction user={user} />
            <RemoveUserAction user={user} />
          </div>
        )}
      </td>
    </tr>
  );
}
