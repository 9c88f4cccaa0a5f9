import { z } from 'zod';
import { REVISION_ENTITY_TYPES } from '../../domain/revision.ts';
import { decimalInt, userText } from './common.ts';

/** Request and response schemas of revisions: quote and speaker histories, undo (docs/editorial.md). */

/** The reason every correction carries: missing or blank answers 422 reason_required (endpoint.ts). */
export const reason = userText(2000).describe('Why, in the editor\'s words: kept on the record with the change');

export const REASON_FIELD = 'reason';

const revisionValue: z.ZodType<unknown> = z.json().describe('A JSON value as the field held it');

export const revision = z
  .object({
    id: z.number().int(),
    entityType: z.enum(REVISION_ENTITY_TYPES),
    entityId: z.number().int(),
    action: z
      .string()
      .describe('Stable name of the change: updated, speaker_changed, retracted, rejected, restored, accepted, undo, …'),
    changes: z.record(z.string(), z.object({ before: revisionValue, after: revisionValue })).describe('Each field the change set, before and after'),
    reason: z.string(),
    actor: z
      .object({
        keyId: z.number().int().nullable().describe('API key id; null outside the API'),
        name: z.string().describe('The key\'s name at the time, or "seed" / "cli"'),
        via: z.enum(['api', 'seed', 'cli']),
      })
      .describe('Who made the change'),
    createdAt: z.string(),
    revertsRevisionId: z.number().int().nullable().describe('On an undo: the revision it reverts'),
    revertedByRevisionId: z.number().int().nullable().describe('The undo that reverted this revision, if any'),
  })
  .meta({ id: 'Revision' });

export const historyQuery = z.object({
  limit: decimalInt(1, 100).default(20),
  cursor: z.string().max(500).optional().describe('nextCursor of the previous page'),
});

export const historyPage = z
  .object({
    revisions: z.array(revision).describe('Newest first'),
    nextCursor: z.string().nullable().describe('Signed cursor of the next (older) page; null on the last page'),
  })
  .meta({ id: 'RevisionHistory' });

export const undoBody = z.object({ reason }).strict();
