import type { Request, Response } from 'express';
import { AppError } from '../domain/errors.ts';

/**
 * Picks the representation of a response: `?format=` when given, else the best match of the
 * Accept header among the formats offered (the first one when Accept is absent or says *\/*).
 * Caches must keep representations apart, so Vary: Accept is always set.
 */
export function negotiate<F extends string>(
  req: Request,
  res: Response,
  requested: F | undefined,
  mediaTypes: Readonly<Record<F, string>>,
): F {
  res.vary('Accept');
  if (requested !== undefined) return requested;
  const formats = Object.keys(mediaTypes) as F[];
  const types = formats.map((f) => mediaTypes[f]);
  const chosen = req.accepts(types);
  const format = chosen === false ? undefined : formats[types.indexOf(chosen)];
  if (format === undefined) {
    throw new AppError('not_acceptable', `This route answers in ${types.join(', ')}; ask for one of them in Accept, or use ?format=${formats.join('|')}.`, {
      available: types,
    });
  }
  return format;
}
