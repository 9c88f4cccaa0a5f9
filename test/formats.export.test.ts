import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_PAGE, startExport } from '../src/services/export.service.ts';
import { addQuote, addSpeaker } from './support/search-fixtures.ts';
import { createTestApp, unique, type TestApp } from './support/test-app.ts';

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) throw new Error('unterminated quoted field');
        cell += text.slice(i, q);
        if (text[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const end = text.slice(i).search(/,|\r\n/);
      cell = end === -1 ? text.slice(i) : text.slice(i, i + end);
      if (/["\r\n]/.test(cell)) throw new Error(`unquoted field with a quote or line break: ${cell}`);
      i = end === -1 ? text.length : i + end;
    }
    row.push(cell);
    if (text.startsWith(',', i)) i += 1;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`unexpected character at ${i}`);
  }
  if (row.length > 0) throw new Error('last record does not end with CRLF');
  return rows;
}

/** Supertest parser keeping the raw bytes of any media type (it parses only JSON and text/* by itself). */
function bytes(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('CSV and NDJSON export of a search', () => {
  let t: TestApp;
  let speaker: { slug: string; name: string };
  const tricky = [`=HYPERLINK("http://evil.example","click ${unique()}")`, `+1, -2 and @everyone ${unique()}`, `-minus ${unique()}`, `Two "quoted" words,\nand a line break ${unique()}`];
  const COUNT = 205; // three pages of the export's 100-row search pages
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    speaker = await addSpeaker(t);
    for (const text of tricky) await addQuote(t, { speaker: speaker.slug, text });
    for (let i = tricky.length; i < COUNT; i += 1) await addQuote(t, { speaker: speaker.slug, text: `Plain words number ${i} ${unique()}` });
  }, 120_000);
  afterAll(() => t.close());

  it('when a CSV export is asked for, then every match comes, once, in RFC 4180 with formula cells defused', async () => {
    const res = await request(t.app).get('/v1/quotes/export').query({ speaker: speaker.slug }).buffer(true).parse(bytes).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="whosaid-quotes.csv"');
    const text = (res.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(false);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['id', 'text', 'kind', 'speaker', 'speakerSlug', 'about', 'saidOn', 'venue', 'filedOn', 'firstPublishedOn', 'url']);
    expect(rows).toHaveLength(COUNT);
    expect(new Set(rows.map((r) => r[0])).size).toBe(COUNT);
    const texts = rows.map((r) => r[1]);
    for (const original of tricky) {
      expect(texts).toContain(/^[=+\-@]/.test(original) ? `'${original}` : original);
    }
    expect(rows.every((r) => r[3] === speaker.name && r[10]?.startsWith('https://factcheck.example/quotes/'))).toBe(true);
  });

  it('when bom=true, then the CSV starts with a UTF-8 byte order mark', async () => {
    const res = await request(t.app).get('/v1/quotes/export').query({ speaker: speaker.slug, bom: 'true', q: 'HYPERLINK' }).buffer(true).parse(bytes).expect(200);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parseCsv(body.toString('utf8').slice(1))).toHaveLength(2);
  });

  it('when NDJSON is asked for, then each line is one quote object, every match once, texts unchanged', async () => {
    const res = await request(t.app).get('/v1/quotes/export').query({ speaker: speaker.slug, format: 'ndjson' }).buffer(true).parse(bytes).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const text = (res.body as Buffer).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    const rows = text.trimEnd().split('\n').map((line) => JSON.parse(line) as { id: number; text: string; speakerSlug: string });
    expect(rows).toHaveLength(COUNT);
    expect(new Set(rows.map((r) => r.id)).size).toBe(COUNT);
    for (const original of tricky) expect(rows.map((r) => r.text)).toContain(original);
  });

  it('when an export is pulled a page at a time, then it has run only the pages pulled: it never holds more than one', async () => {
    const job = await startExport({ ...t.repos, cursors: t.services.cursors }, { speaker: speaker.slug }, { format: 'ndjson', bom: false, publisher: { name: 'p', url: 'https://p.example' } });
    expect(job.rows()).toBe(0);
    const first = await job.chunks.next();
    expect(first.done).toBe(false);
    expect(String(first.value).split('\n').filter((l) => l !== '')).toHaveLength(EXPORT_PAGE);
    expect(job.rows()).toBe(EXPORT_PAGE);
    await job.chunks.next();
    expect(job.rows()).toBe(2 * EXPORT_PAGE);
    await job.chunks.return(undefined);
    expect(job.rows()).toBe(2 * EXPORT_PAGE); // abandoned (a client gone away): the last page is never read
  });

  it('when the search is invalid, then problem+json 400 and no export starts', async () => {
    const res = await request(t.app).get('/v1/quotes/export').query({ q: '""' }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const bad = await request(t.app).get('/v1/quotes/export').query({ format: 'xlsx' }).expect(400);
    expect(JSON.parse(bad.text)).toMatchObject({ code: 'validation_failed' });
  });
});
