// "Check a quote": sends the form to POST /v1/verify and shows the verdict.
// Every stored text is set with textContent, never parsed as markup: quotes are untrusted input.
(() => {
  const form = document.getElementById('check');
  const out = document.getElementById('check-result');
  if (!form || !out) return;

  const el = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  };

  const notice = (text, role) => {
    out.replaceChildren();
    const p = el('p', text, 'notice');
    if (role) p.setAttribute('role', role);
    out.append(p);
  };

  // Diff parts come as { op | type, text | value } or jsdiff's { value, added, removed }.
  const diffPart = (part) => {
    if (typeof part === 'string') return el('span', part);
    const text = part.text ?? part.value ?? part.word ?? '';
    const op = String(part.op ?? part.type ?? (part.added ? 'added' : part.removed ? 'removed' : 'equal'));
    if (/^(add|added|insert|ins|\+)/.test(op)) return el('ins', text);
    if (/^(remove|removed|delete|del|-)/.test(op)) return el('del', text);
    return el('span', text);
  };

  const diffHtml = (diff) => {
    const p = el('p', undefined, 'diff');
    const parts = Array.isArray(diff) ? diff : Array.isArray(diff?.parts) ? diff.parts : Array.isArray(diff?.words) ? diff.words : null;
    if (parts === null) return null;
    parts.forEach((part, i) => {
      if (i > 0 && typeof part === 'object' && !/\s$/.test(p.textContent)) p.append(' ');
      p.append(diffPart(part));
    });
    return p;
  };

  const matchHtml = (match) => {
    const li = el('li', undefined, 'result');
    const quote = match.quote ?? match;
    const speaker = match.speaker ?? quote.speaker;
    const bq = el('blockquote', undefined, 'quote');
    bq.append(el('p', quote.text));
    li.append(bq);
    if (speaker) {
      const who = el('p', undefined, 'who');
      const a = el('a', speaker.name);
      a.href = `/speakers/${encodeURIComponent(speaker.slug)}`;
      who.append(a);
      const affiliations = Array.isArray(match.affiliationAtTime) ? match.affiliationAtTime : [];
      if (affiliations.length > 0) {
        who.append(el('span', `, ${affiliations.map((x) => `${x.role}, ${x.organization?.name ?? ''}`).join('; ')}`, 'aff'));
      }
      li.append(who);
    }
    const meta = [];
    if (typeof match.similarity === 'number') meta.push(`similarity ${Math.round(match.similarity * 100)}%`);
    if (typeof match.score === 'number') meta.push(`score ${match.score.toFixed(2)}`);
    const provenance = match.provenance ?? {};
    if (provenance.earliest) {
      const e = provenance.earliest;
      meta.push(`first in ${e.outlet ?? e.title ?? `document #${e.documentId}`}${e.publishedOn ? `, ${e.publishedOn}` : ''}`);
    }
    if (Array.isArray(provenance.relays) && provenance.relays.length > 0) meta.push(`via ${provenance.relays.join(', ')}`);
    if (meta.length > 0) li.append(el('p', meta.join(' · '), 'meta'));
    if (Array.isArray(match.flags) && match.flags.length > 0) {
      const ul = el('ul', undefined, 'flags');
      match.flags.forEach((f) => ul.append(el('li', typeof f === 'string' ? f : (f.message ?? f.code))));
      li.append(ul);
    }
    const diff = diffHtml(match.diff ?? match.wordDiff);
    if (diff) {
      li.append(el('p', 'Word by word, from the record to the claim: words the claim adds are underlined, recorded words it drops are struck through.', 'muted'));
      li.append(diff);
    }
    if (quote.id !== undefined) {
      const link = el('a', 'Provenance and source text', 'prov');
      link.href = `/quotes/${encodeURIComponent(quote.id)}`;
      const p = el('p');
      p.append(link);
      li.append(p);
    }
    return li;
  };

  const show = (body) => {
    out.replaceChildren();
    const verdict = el('p', undefined, `verdict verdict-${String(body.verdict).replace(/[^a-z_]/g, '')}`);
    verdict.append(el('strong', String(body.verdict).replace(/_/g, ' ')));
    if (typeof body.confidence === 'number') verdict.append(` · confidence ${Math.round(body.confidence * 100)}%`);
    verdict.setAttribute('role', 'status');
    out.append(verdict);
    if (body.explanation) out.append(el('p', body.explanation));
    const matches = Array.isArray(body.matches) ? body.matches : [];
    if (matches.length > 0) {
      out.append(el('h2', 'Closest in the record'));
      const ol = el('ol', undefined, 'results');
      matches.forEach((m) => ol.append(matchHtml(m)));
      out.append(ol);
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const request = { text: String(data.get('text') ?? '') };
    for (const name of ['speaker', 'date']) {
      const value = String(data.get(name) ?? '').trim();
      if (value !== '') request[name] = value;
    }
    if (request.text.trim() === '') {
      notice('Paste the words you want to check first.', 'alert');
      document.getElementById('c-text')?.focus();
      return;
    }
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    const key = String(data.get('key') ?? '').trim();
    if (key !== '') headers.Authorization = `Bearer ${key}`;
    notice('Checking…');
    try {
      const res = await fetch('/v1/verify', { method: 'POST', headers, body: JSON.stringify(request) });
      const body = await res.json().catch(() => null);
      if (res.status === 404 && (body === null || body.code === 'route_not_found')) {
        notice('Checking quotes is not available on this server yet. Search for a few of the words instead.', 'alert');
      } else if (res.status === 401 || res.status === 403) {
        notice(`${body && body.detail ? body.detail : 'This server needs an API key.'} Enter a key above and check again.`, 'alert');
        document.getElementById('c-key')?.focus();
      } else if (!res.ok) {
        notice(body && body.detail ? body.detail : `The check failed (HTTP ${res.status}).`, 'alert');
        // An unknown speaker comes back with the closest known ones.
        const candidates = body && Array.isArray(body.candidates) ? body.candidates : [];
        if (candidates.length > 0) out.append(el('p', `Did you mean: ${candidates.map((c) => c.name).join(', ')}?`));
      } else {
        show(body);
      }
    } catch {
      notice('The server could not be reached. Try again in a moment.', 'alert');
    }
  });
})();
