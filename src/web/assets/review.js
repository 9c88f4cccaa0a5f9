// The review queue: GET /v1/review with the visit's editor key (assets/editor.js), each attribution with
// accept / fix / reject, each decision one request with its reason. Stored text is set with textContent only.
(() => {
  const editor = window.whosaidEditor;
  const list = document.getElementById('review-queue');
  const state = document.getElementById('review-state');
  const more = document.getElementById('review-more');
  if (!editor || !list || !state || !more) return;

  const el = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  };

  const field = (form, id, label, control) => {
    const p = el('p', undefined, 'field');
    const l = el('label', label);
    l.htmlFor = id;
    control.id = id;
    p.append(l, ' ', control);
    form.append(p);
    return control;
  };

  const input = (name, required) => {
    const i = document.createElement('input');
    i.type = 'text';
    i.name = name;
    if (required) i.required = true;
    return i;
  };

  const KINDS = [['', 'unchanged'], ['direct', 'direct quote'], ['partial', 'partial quote'], ['indirect', 'reported speech']];

  const itemHtml = (item) => {
    const li = el('li', undefined, 'result review-item');
    li.id = `review-${item.occurrenceId}`;
    const bq = el('blockquote', undefined, `quote ${item.quote.kind}`);
    bq.append(el('p', item.quote.text));
    li.append(bq);
    const who = el('p', undefined, 'who');
    const speaker = el('a', item.quote.speaker.name);
    speaker.href = `/speakers/${encodeURIComponent(item.quote.speaker.slug)}`;
    who.append('Attributed to ', speaker);
    li.append(who);
    const meta = el('p', undefined, 'meta');
    const doc = el('a', item.document.outlet ?? item.document.title ?? `Document #${item.document.id}`);
    doc.href = `/documents/${item.document.id}`;
    const quote = el('a', 'provenance');
    quote.href = `/quotes/${item.quote.id}`;
    meta.append(`confidence ${Number(item.confidence).toFixed(2)}${item.speakerMention ? ` · named as “${item.speakerMention.text}”` : ''} · in `, doc, ' · ', quote);
    li.append(meta);

    const form = el('form', undefined, 'api-form');
    form.setAttribute('aria-label', `Decide on the attribution of “${item.quote.text.slice(0, 60)}”`);
    const prefix = `review-${item.occurrenceId}`;
    const kind = document.createElement('select');
    kind.name = 'kind';
    KINDS.forEach(([value, label]) => {
      const option = el('option', label);
      option.value = value;
      kind.append(option);
    });
    field(form, `${prefix}-kind`, 'Fix: kind', kind);
    const speakerRef = field(form, `${prefix}-speaker`, 'Fix: speaker (slug, id or name)', input('speaker'));
    const start = field(form, `${prefix}-start`, 'Fix: name starts at', input('start'));
    const end = field(form, `${prefix}-end`, 'Fix: name ends at', input('end'));
    const reason = document.createElement('textarea');
    reason.name = 'reason';
    reason.rows = 2;
    field(form, `${prefix}-reason`, 'Reason (kept on the record)', reason);
    const buttons = el('p');
    const status = el('p', undefined, 'form-status');
    status.setAttribute('role', 'status');
    const decide = async (action) => {
      const body = {};
      if (reason.value.trim() !== '') body.reason = reason.value.trim();
      if (action === 'fix') {
        if (kind.value !== '') body.kind = kind.value;
        if (speakerRef.value.trim() !== '') body.speaker = { ref: speakerRef.value.trim(), mention: { documentId: item.document.id, start: Number(start.value), end: Number(end.value) } };
      }
      status.textContent = 'Saving…';
      const answer = await editor.request('POST', `/v1/review/${item.occurrenceId}/${action}`, body);
      if (!answer.ok) {
        status.textContent = editor.problemText(answer);
        return;
      }
      li.replaceChildren(el('p', `${action === 'reject' ? 'Rejected' : action === 'fix' ? 'Fixed and accepted' : 'Accepted'}: revision #${answer.json.revision.id}.`, 'notice'));
    };
    [['accept', 'Accept'], ['fix', 'Fix and accept'], ['reject', 'Reject']].forEach(([action, label]) => {
      const b = el('button', label);
      b.type = 'button';
      b.addEventListener('click', () => void decide(action));
      buttons.append(b, ' ');
    });
    form.append(buttons, status);
    li.append(form);
    return li;
  };

  let cursor = null;
  const load = async () => {
    if (editor.getKey() === null) {
      state.textContent = 'Enter an editor key at /editor to see the queue.';
      const a = el('a', 'Enter a key');
      a.href = '/editor';
      state.append(' ', a);
      return;
    }
    const answer = await editor.request('GET', `/v1/review?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (!answer.ok) {
      state.textContent = editor.problemText(answer);
      return;
    }
    answer.json.queue.forEach((item) => list.append(itemHtml(item)));
    cursor = answer.json.nextCursor;
    more.hidden = cursor === null;
    state.textContent = list.children.length === 0 ? 'Nothing waits for review.' : `${list.children.length} attribution(s) shown.`;
  };
  more.addEventListener('click', () => void load());
  void load();
})();
