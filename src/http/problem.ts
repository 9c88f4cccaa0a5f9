import type { Response } from 'express';
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../domain/errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One shared error shape (RFC 9457), used by every route and documented once. */
export const problemSchema = z
  .object({
    type: z.string().describe('URI reference identifying the problem type: /problems/{code}'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]).describe('Stable machine-readable code'),
    instance: z.string().optional(),
    issues: z
      .array(z.object({ path: z.string(), message: z.string(), code: z.string() }))
      .optional()
      .describe('Validation issues, one per invalid field'),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

export interface ProblemIssue {
  path: string;
  message: string;
  code: string;
}

export function problemFor(
  code: ErrorCode,
  detail: string,
  instance: string | undefined,
  extras: Record<string, unknown> = {},
): Problem {
  const { status, title } = ERROR_CODES[code];
  // Extras never override the standard members.
  return { ...extras, type: `/problems/${code}`, title, status, detail, code, instance };
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
