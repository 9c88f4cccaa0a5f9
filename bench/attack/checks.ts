/** One phase of the attack: what was sent, what held, what did not. */
export interface PhaseResult {
  phase: string;
  requests: number;
  failures: string[];
  /** Figures worth reporting (worst times, counts). */
  notes: string[];
  seconds: number;
}

/** Collects requests and broken expectations of one phase. */
export class Phase {
  requests = 0;
  readonly failures: string[] = [];
  readonly notes: string[] = [];
  private readonly started = performance.now();

  constructor(readonly name: string) {}

  expect(ok: boolean, what: string): void {
    if (!ok) this.failures.push(what);
  }

  async send(url: string, init: RequestInit = {}): Promise<{ status: number; code: string | null; body: string; headers: Headers }> {
    this.requests++;
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    const body = await res.text();
    let code: string | null = null;
    if ((res.headers.get('content-type') ?? '').includes('json')) {
      try {
        const parsed = JSON.parse(body) as { code?: unknown };
        code = typeof parsed.code === 'string' ? parsed.code : null;
      } catch {
        code = null;
      }
    }
    if (res.status >= 500 && res.status !== 503) this.failures.push(`${init.method ?? 'GET'} ${new URL(url).pathname}: ${res.status} ${code ?? ''}`);
    return { status: res.status, code, body, headers: res.headers };
  }

  result(): PhaseResult {
    return { phase: this.name, requests: this.requests, failures: this.failures, notes: this.notes, seconds: (performance.now() - this.started) / 1000 };
  }
}

export const json = (body: unknown, key?: string): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...(key === undefined ? {} : { Authorization: `Bearer ${key}` }) },
  body: JSON.stringify(body),
});

export const withKey = (key: string | null, init: RequestInit = {}): RequestInit =>
  key === null ? init : { ...init, headers: { ...(init.headers as Record<string, string> | undefined), Authorization: `Bearer ${key}` } };
