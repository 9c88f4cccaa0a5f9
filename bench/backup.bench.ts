import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupUnderWrites } from './attack/backup.ts';
import { Phase } from './attack/checks.ts';
import type { Suite } from './suite.ts';

/** The steady write load during the backup (issue 16: a 250 MB database under 20 writes/s). */
const WRITES_PER_SECOND = 20;

/**
 * `whosaid backup` of a copy of the corpus while a server on it takes 20
 * writes a second: how long the backup takes, whether it finished, and
 * whether a server starts on the copy.
 */
export const backupSuite: Suite = {
  name: 'backup',
  description: `whosaid backup of the corpus while a server on it takes ${WRITES_PER_SECOND} writes/s`,
  async run({ db, log }) {
    const dir = mkdtempSync(path.join(path.dirname(path.resolve(db)), 'whosaid-backup-bench-'));
    try {
      const live = path.join(dir, 'live.db');
      copyFileSync(db, live);
      if (existsSync(`${db}.lsh`)) copyFileSync(`${db}.lsh`, `${live}.lsh`);
      const phase = new Phase('backup');
      log('backup: copying done, starting the server and the writes');
      const r = await backupUnderWrites(live, WRITES_PER_SECOND, phase);
      return {
        name: 'backup',
        rows: [
          {
            'database MiB': r.databaseMiB,
            'backup s': Math.round(r.seconds * 10) / 10,
            'writes acknowledged': r.acknowledged,
            'writes/s achieved': Math.round(r.writesPerSecond * 10) / 10,
            'copy integrity': r.integrity,
            'quotes in the copy': r.quotes,
            'server starts on the copy': r.restored ? 'yes' : 'NO',
            'broken expectations': phase.failures.length === 0 ? 'none' : phase.failures.slice(0, 3).join('; '),
          },
        ],
        notes: [`${os.cpus().length} cores; VACUUM INTO under a temporary name, fsync, rename (src/storage/sqlite/backup.ts); the restore start rebuilds the verify index.`, ...phase.notes],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
