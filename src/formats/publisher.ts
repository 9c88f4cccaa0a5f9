import type { SpeakerSummary } from '../domain/models.ts';

/** The organisation running this whosaid, and the public base URL its links and ids are built on. */
export interface Publisher {
  name: string;
  /** Absolute http(s) URL without a trailing slash. */
  url: string;
}

export const SCHEMA_ORG_CONTEXT = 'https://schema.org' as const;

/** Absolute URL of a path on this server. */
export function absolute(publisher: Publisher, path: string): string {
  return `${publisher.url}${path}`;
}

export function organizationNode(publisher: Publisher): { '@type': 'Organization'; name: string; url: string } {
  return { '@type': 'Organization', name: publisher.name, url: publisher.url };
}

/** A speaker as a schema.org Person or Organization, identified by its page here. */
export function speakerNode(publisher: Publisher, speaker: SpeakerSummary): { '@type': 'Person' | 'Organization'; '@id': string; name: string; url: string } {
  const url = absolute(publisher, `/speakers/${encodeURIComponent(speaker.slug)}`);
  return { '@type': speaker.kind === 'person' ? 'Person' : 'Organization', '@id': url, name: speaker.name, url };
}
