import type { Role } from './roles.js';

/** Who is making a request: a signed-in user (cookie session) or an API token acting for its user. */
export interface Actor {
  userId: number;
  username: string;
  /** Every role the user holds now. */
  roles: Role[];
  /** The role this request acts in: the session's active role, or the token's role. */
  role: Role;
  via: 'session' | 'token';
  tokenId: number | null;
  sessionHash: string | null;
  csrfToken: string | null;
}
