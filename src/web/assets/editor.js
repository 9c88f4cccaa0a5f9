// Editor tools: the editor key entered at /editor lives in this tab's sessionStorage for the visit
// only, and goes to the JSON API as "Authorization: Bearer"; the server keeps nothing but its hash.
// Forms marked data-api-method / data-api-action become API requests; answers are shown as text.
(() => {
  const STORE = 'whosaid.editorKey';
  const NAME = 'whosaid.editorName';

  const storage = () => {
    try {
      return window.sessionStorage;
    } catch {
      return null;
    }
  };
  const getKey = () => storage()?.getItem(STORE) ?? null;

  const request = async (method, path, body) => {
    const headers = { Accept: 'application/json', Authorization: `Bearer ${getKey() ?? ''}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    const text = await res.text();
    let json = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    return { ok: res.ok, status: res.status, json };
  };

  // A problem+json answer in words: its detail, and which field each issue is about.
  const problemText = (answer) => {
    const p = answer.json ?? {};
    const issues = Array.isArray(p.issues) ? p.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : '';
    return `${p.title ?? `Error ${answer.status}`}${p.detail ? `: ${p.detail}` : ''}${issues && !String(p.detail ?? '').includes(issues) ? ` (${issues})` : ''}`;
  };

  // Sets a dotted field ("aliases.add", "affiliations.add.0.role") in the body; a number makes a list.
  const put = (body, name, value) => {
    const parts = name.split('.');
    let at = body;
    parts.slice(0, -1).forEach((p, i) => {
      at[p] = at[p] ?? (/^\d+$/.test(parts[i + 1]) ? [] : {});
      at = at[p];
    });
    at[parts[parts.length - 1]] = value;
  };

  // Lists built from numbered fields keep only the items given ("externalIds.remove.2" alone → one item).
  const compact = (value) => {
    if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
    return value;
  };

  // Only what differs from the page's values is sent: a correction names what it changes.
  const bodyOf = (form) => {
    const body = {};
    form.querySelectorAll('[name]').forEach((field) => {
      const coding = field.dataset.coding ?? 'text';
      const value = field.value.trim();
      const initial = (field.tagName === 'SELECT' ? [...field.options].find((o) => o.defaultSelected)?.value : field.defaultValue)?.trim() ?? '';
      if (!('always' in field.dataset) && value === initial) return;
      if (coding === 'pair') {
        const [scheme, id] = field.value.split('\t');
        if (id !== undefined) put(body, field.name, { scheme, value: id });
      } else if (coding === 'lines') {
        const lines = value.split('\n').map((l) => l.trim()).filter((l) => l !== '');
        if (lines.length > 0) put(body, field.name, lines);
      } else if (coding === 'nullable') {
        put(body, field.name, value === '' ? null : value);
      } else if (coding === 'number') {
        if (value !== '') put(body, field.name, Number(value));
      } else if (value !== '') {
        put(body, field.name, value);
      }
    });
    // An item of which nothing but its id was given changes nothing: leave it out.
    const updates = body.affiliations?.update;
    if (Array.isArray(updates)) body.affiliations.update = updates.filter((u) => u && Object.keys(u).length > 1);
    return compact(body);
  };

  // "/speakers/{into.slug}" with the answer's values.
  const fill = (template, json) =>
    template.replace(/\{([\w.]+)\}/g, (_m, path) => encodeURIComponent(String(path.split('.').reduce((v, k) => (v == null ? v : v[k]), json) ?? '')));

  const wireForm = (form) => {
    const status = form.querySelector('.form-status');
    const say = (text) => {
      if (status) status.textContent = text;
    };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
      const button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      say('Saving…');
      try {
        const answer = await request(form.dataset.apiMethod, form.dataset.apiAction, bodyOf(form));
        if (!answer.ok) {
          say(problemText(answer));
          return;
        }
        const revision = answer.json?.revision ?? (answer.json?.action === 'undo' ? answer.json : null);
        say(revision ? `Saved as revision #${revision.id}.` : 'Saved: nothing needed to change.');
        const then = form.dataset.then;
        window.location.assign(then ? fill(then, answer.json) : window.location.pathname);
      } catch {
        say('The server could not be reached; nothing was changed.');
      } finally {
        if (button) button.disabled = false;
      }
    });
  };

  const showTools = () => {
    if (getKey() === null) return;
    document.querySelectorAll('[data-editor-tools]').forEach((section) => {
      section.hidden = false;
    });
  };

  // /editor: checks the key with GET /v1/me before keeping it.
  const signIn = () => {
    const form = document.getElementById('editor-sign-in');
    const state = document.getElementById('editor-state');
    const out = document.getElementById('editor-sign-out');
    if (!form || !state || !out) return;
    const show = () => {
      const name = storage()?.getItem(NAME);
      state.textContent = getKey() === null ? 'No editor key for this visit.' : `Editing as ${name ?? 'an editor'} for this visit.`;
      out.hidden = getKey() === null;
    };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = form.querySelector('input[name="key"]');
      const key = input.value.trim();
      storage()?.setItem(STORE, key);
      const answer = await request('GET', '/v1/me');
      if (!answer.ok || (answer.json?.role !== 'editor' && answer.json?.role !== 'admin')) {
        storage()?.removeItem(STORE);
        storage()?.removeItem(NAME);
        show();
        state.textContent = answer.ok ? `This key is a ${answer.json?.role} key: editing needs an editor key.` : problemText(answer);
        return;
      }
      storage()?.setItem(NAME, answer.json.name);
      input.value = '';
      show();
    });
    out.addEventListener('click', () => {
      storage()?.removeItem(STORE);
      storage()?.removeItem(NAME);
      show();
    });
    show();
  };

  // "Use the selected name": the offsets of the text selected in a source text, counted as the API counts (UTF-16).
  const useSelection = (button) => {
    button.addEventListener('click', () => {
      const form = button.closest('form');
      const status = form?.querySelector('.form-status');
      const selection = window.getSelection();
      const node = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
      const source = node?.startContainer.parentElement?.closest('.source');
      if (!form || !node || !source || node.toString() === '') {
        if (status) status.textContent = 'Select the speaker\'s name in a source text first.';
        return;
      }
      const before = document.createRange();
      before.setStart(source, 0);
      before.setEnd(node.startContainer, node.startOffset);
      const start = before.toString().length;
      const set = (suffix, value) => {
        const field = form.querySelector(`[name$="${suffix}"]`);
        if (field) field.value = String(value);
      };
      set('mention.start', start);
      set('mention.end', start + node.toString().length);
      set('mention.documentId', source.dataset.documentId ?? '');
      if (status) status.textContent = `Using “${node.toString()}”.`;
    });
  };

  document.querySelectorAll('form[data-api-method]').forEach(wireForm);
  document.querySelectorAll('[data-use-selection]').forEach(useSelection);
  // For the review page's script: the same requests, with the same key.
  window.whosaidEditor = { request, problemText, getKey };
  showTools();
  signIn();
})();
