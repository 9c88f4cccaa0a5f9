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

  const KIND_LABELS = { direct: 'direct quote', partial: 'partial quote', indirect: 'reported speech: a paraphrase, not their words' };

  // Reported speech is never shown inside quotation marks: a reporter could copy a paraphrase as a direct quote.
  const quoteBlock = (quote) => {
    const frag = document.createDocumentFragment();
    const kind = KIND_LABELS[quote.kind];
    if (kind) frag.append(el('p', kind, 'kind'));
    const bq = el('blockquote', undefined, quote.kind === 'indirect' ? 'quote indirect' : 'quote');
    bq.append(el('p', quote.text));
    frag.append(bq);
    return frag;
  };

  const RELATION_LABELS = {
    related: 'Words of a speaker related to the one claimed (their organisation, or one of its people)',
    other: 'Words of someone other than the speaker claimed',
  };

  const differencesHtml = (differences) => {
    if (!Array.isArray(differences) || differences.length === 0) return null;
    const ul = el('ul', undefined, 'differences');
    differences.forEach((d) => {
      const li = el('li', undefined, `difference difference-${d.severity === 'meaningful' ? 'meaningful' : 'cosmetic'}`);
      li.append(el('strong', `${d.severity === 'meaningful' ? 'Meaningful' : 'Cosmetic'}: ${String(d.kind)}`));
      const words = (xs) => (Array.isArray(xs) && xs.length > 0 ? xs.join(' ') : '—');
      if ((d.stored && d.stored.length) || (d.claimed && d.claimed.length)) li.append(` (record: ${words(d.stored)}; claim: ${words(d.claimed)})`);
      ul.append(li);
    });
    return ul;
  };

  const speakerHtml = (speaker) => {
    if (!speaker) return null;
    const box = el('div', undefined, 'claimed-speaker');
    const affiliations = (s) => (Array.isArray(s.affiliations) && s.affiliations.length > 0 ? `, ${s.affiliations.map((a) => `${a.role}, ${a.organization?.name ?? ''}`).join('; ')}` : '');
    const link = (s) => {
      const a = el('a', s.name);
      a.href = `/speakers/${encodeURIComponent(s.slug)}`;
      return a;
    };
    const titles = Array.isArray(speaker.titles) && speaker.titles.length > 0 ? ` (read as “${speaker.name}”, without “${speaker.titles.join(' ')}”)` : '';
    if (speaker.match === 'unknown') {
      box.append(el('p', `Nobody known as “${speaker.name}” is on record: the claim was checked against everyone.`));
      const closest = Array.isArray(speaker.closest) ? speaker.closest : [];
      if (closest.length > 0) {
        const p = el('p', 'Closest known names: ');
        closest.forEach((c, i) => {
          if (i > 0) p.append(', ');
          p.append(link(c));
        });
        box.append(p);
      }
    } else if (speaker.match === 'ambiguous') {
      box.append(el('p', `“${speaker.name}” may be any of these people${titles}; the claim was checked against all of them:`));
      const ul = el('ul', undefined, 'candidates');
      (speaker.resolved ?? []).forEach((s) => {
        const li = el('li');
        li.append(link(s), affiliations(s));
        ul.append(li);
      });
      box.append(ul);
    } else {
      const p = el('p', 'Said by: ');
      (speaker.resolved ?? []).forEach((s) => p.append(link(s), affiliations(s)));
      if (speaker.match === 'surname') p.append(' (by surname alone)');
      if (titles) p.append(titles);
      box.append(p);
    }
    const related = Array.isArray(speaker.related) ? speaker.related : [];
    if (related.length > 0) {
      box.append(el('p', `Their words count with those of: ${related.map((r) => `${r.speaker.name} (${r.relation === 'member' ? `${r.role}, ${r.organization.name}` : `organisation: ${r.role}`})`).join('; ')}.`, 'muted'));
    }
    return box;
  };

  const matchHtml = (match) => {
    const li = el('li', undefined, 'result');
    const quote = match.quote ?? match;
    const speaker = match.speaker ?? quote.speaker;
    li.append(quoteBlock(quote));
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
    if (RELATION_LABELS[match.speakerRelation]) li.append(el('p', RELATION_LABELS[match.speakerRelation], 'relation'));
    const meta = [];
    if (typeof match.similarity === 'number') meta.push(`similarity ${Math.round(match.similarity * 100)}%`);
    if (typeof match.score === 'number') meta.push(`score ${match.score.toFixed(2)}`);
    const provenance = match.provenance ?? {};
    if (provenance.earliest) {
      const e = provenance.earliest;
      meta.push(`first in ${e.label}${e.publishedOn && !e.label.includes(e.publishedOn) ? `, ${e.publishedOn}` : ''}`);
    }
    if (Array.isArray(provenance.relays) && provenance.relays.length > 0) meta.push(`via ${provenance.relays.join(', ')}`);
    if (meta.length > 0) li.append(el('p', meta.join(' · '), 'meta'));
    if (Array.isArray(match.flags) && match.flags.length > 0) {
      const ul = el('ul', undefined, 'flags');
      match.flags.forEach((f) => ul.append(el('li', typeof f === 'string' ? f : (f.message ?? f.code))));
      li.append(ul);
    }
    const differences = differencesHtml(match.differences);
    if (differences) li.append(differences);
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
    const severity = { cosmetic: 'Only the form differs (cosmetic).', meaningful: 'What is said differs from the record (meaningful).' }[body.severity];
    if (severity) out.append(el('p', severity, `severity severity-${body.severity}`));
    const speaker = speakerHtml(body.claim?.speaker);
    if (speaker) out.append(speaker);
    if (body.opposite && body.opposite.quote) {
      const section = el('section', undefined, 'opposite');
      section.setAttribute('aria-labelledby', 'opposite-h');
      const h = el('h2', 'The record says the opposite');
      h.id = 'opposite-h';
      section.append(h, el('p', body.opposite.note), quoteBlock(body.opposite.quote));
      const who = el('p', undefined, 'who');
      const a = el('a', body.opposite.quote.speaker.name);
      a.href = `/speakers/${encodeURIComponent(body.opposite.quote.speaker.slug)}`;
      who.append(a);
      section.append(who);
      const link = el('a', 'Provenance and source text', 'prov');
      link.href = `/quotes/${encodeURIComponent(body.opposite.quote.id)}`;
      const p = el('p');
      p.append(link);
      section.append(p);
      out.append(section);
    }
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
      } else {
        show(body);
      }
    } catch {
      notice('The server could not be reached. Try again in a moment.', 'alert');
    }
  });
})();
