import type { Role } from '@switchyard/contracts';

/** Who is signed in, as `auth.me` reports it. */
export interface Session {
  username: string;
  role: Role;
}
