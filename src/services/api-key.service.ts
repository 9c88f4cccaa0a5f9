import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor, Role } from '../domain/actor.ts';
import { AppError } from '../domain/errors.ts';
import type { ApiKeyInfo, ApiKeyRepository } from '../storage/ports/index.ts';

/**
 * Keys look like `ws_<prefix>_<secret>`: the prefix (public) finds the row, the
 * sha256 of the whole key is compared in constant time. 32 random bytes of
 * secret make a slow password hash unnecessary.
 */
const KEY_PATTERN = /^ws_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

const hashKey = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

export async function createApiKey(keys: ApiKeyRepository, role: Role, name: string): Promise<{ key: string; info: ApiKeyInfo }> {
  const prefix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const key = `ws_${prefix}_${randomBytes(32).toString('base64url')}`;
  const info = await keys.create({ prefix, hash: hashKey(key).toString('hex'), name, role });
  return { key, info };
}

/** The actor a presented key stands for; throws invalid_api_key for unknown, malformed or revoked keys. */
export async function authenticate(keys: ApiKeyRepository, presented: string): Promise<Actor> {
  const match = KEY_PATTERN.exec(presented);
  const stored = match ? await keys.findByPrefix(match[1] as string) : null;
  const expected = stored ? Buffer.from(stored.hash, 'hex') : hashKey('no such key');
  const valid = timingSafeEqual(hashKey(presented), expected) && stored !== null;
  if (!valid || stored === null) throw new AppError('invalid_api_key', 'The API key is not recognised.');
  if (stored.revokedAt !== null) throw new AppError('invalid_api_key', 'The API key has been revoked.');
  return { keyId: stored.id, role: stored.role, via: 'api', name: stored.name };
}

export async function revokeApiKey(keys: ApiKeyRepository, id: number): Promise<ApiKeyInfo> {
  const revoked = await keys.revoke(id);
  if (revoked === null) throw new AppError('not_found', `No API key with id ${id}.`);
  return revoked;
}
