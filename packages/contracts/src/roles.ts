import { z } from 'zod';

export const roleSchema = z.enum(['viewer', 'operator', 'admin']);
export type Role = z.infer<typeof roleSchema>;

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** Viewers read; operators change networks, services and routes; admins manage users and nodes. */
export function roleAllows(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}
