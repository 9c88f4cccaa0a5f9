import { AsyncLocalStorage } from 'node:async_hooks';

export const ROLES = ['reader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { reader: 1, editor: 2, admin: 3 };

export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

/** Who is making the current change: the basis of the audit trail. */
export interface Actor {
  /** API key id; null for writes made outside the API. */
  keyId: number | null;
  role: Role | null;
  via: 'api' | 'seed' | 'cli';
  /** The key's name, shown on revisions ("who corrected this"); "seed" or "cli" outside the API. */
  name: string;
}

const storage = new AsyncLocalStorage<Actor>();
const OUTSIDE_THE_API: Actor = { keyId: null, role: null, via: 'cli', name: 'cli' };

/**
 * Runs `fn` on behalf of `actor`. Carried through async calls so the write
 * repository can record who wrote without every service passing it along.
 */
export function runAs<T>(actor: Actor, fn: () => T): T {
  return storage.run(actor, fn);
}

export function currentActor(): Actor {
  return storage.getStore() ?? OUTSIDE_THE_API;
}
