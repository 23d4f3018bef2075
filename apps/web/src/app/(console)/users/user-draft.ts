import { roleSchema, userCreateInputSchema, type Role, type UserCreateInput } from '@switchyard/contracts';
import { zodMessage } from '../../../lib/inventory/zod-message';

/** The roles a select offers, lowest first. */
export const roleChoices = roleSchema.options.map((role) => ({ value: role, label: role }));

export function isRole(value: string): value is Role {
  return roleSchema.safeParse(value).success;
}

/** A user as `users.list` gives it. */
export interface UserListing {
  id: string;
  username: string;
  role: Role;
  createdAt: string;
}

export interface UserDraft {
  username: string;
  password: string;
  role: Role;
}

export const emptyUserDraft = (): UserDraft => ({ username: '', password: '', role: 'viewer' });

/** Field paths as `userCreateInputSchema` and the server name them. */
export const userFieldPaths = ['username', 'password', 'role'];

/** The rules the server checks, so most mistakes show before a round trip. */
export function validateUserDraft(draft: UserDraft): Map<string, string> {
  const errors = new Map<string, string>();
  const { shape } = userCreateInputSchema;
  const username = zodMessage(shape.username, draft.username);
  if (username !== null) errors.set('username', username);
  const password = zodMessage(shape.password, draft.password);
  if (password !== null) errors.set('password', password);
  return errors;
}

export const toUserCreateInput = (draft: UserDraft): UserCreateInput => ({ ...draft });
