import { DEFAULT_PUBLISHER } from '../../config.ts';
import type { Publisher } from '../../formats/publisher.ts';
import type { Repositories } from '../../storage/ports/index.ts';
import type { Services } from '../../services/services.ts';
import type { Endpoint } from '../endpoint.ts';
import { documentEditEndpoints } from './document-edits.routes.ts';
import { documentEndpoints } from './documents.routes.ts';
import { exportEndpoints } from './export.routes.ts';
import { extractEndpoints } from './extract.routes.ts';
import { DEFAULT_IMPORT_SETTINGS, importEndpoints, type ImportSettings } from './import.routes.ts';
import { feedEndpoints } from './feeds.routes.ts';
import { healthEndpoints } from './health.routes.ts';
import { keyEndpoints } from './keys.routes.ts';
import { quoteEndpoints } from './quotes.routes.ts';
import { speakerEditEndpoints } from './speaker-edits.routes.ts';
import { revisionEndpoints } from './revisions.routes.ts';
import { reviewEndpoints } from './review.routes.ts';
import { speakerEndpoints } from './speakers.routes.ts';
import { verifyEndpoints } from './verify.routes.ts';

/** Every endpoint of the API: what the router mounts and what the OpenAPI document describes. */
export function allEndpoints(repos: Repositories, services: Services, publisher: Publisher = DEFAULT_PUBLISHER, imports: ImportSettings = DEFAULT_IMPORT_SETTINGS): Endpoint[] {
  return [
    ...healthEndpoints(repos),
    ...quoteEndpoints(repos, services, publisher),
    ...exportEndpoints(repos, services, publisher),
    ...importEndpoints(repos, imports),
    ...speakerEndpoints(repos),
    ...speakerEditEndpoints(repos, services),
    ...documentEndpoints(repos, services),
    ...documentEditEndpoints(repos, services),
    ...extractEndpoints(repos, services),
    ...verifyEndpoints(repos, publisher),
    ...feedEndpoints(repos, services, publisher),
    ...keyEndpoints(repos),
    ...revisionEndpoints(repos),
    ...reviewEndpoints(repos, services),
  ];
}
