import { html, type SafeHtml } from './html.ts';

/** The form posts to /v1/verify from check.js; results are built with textContent only. */
export function checkPage(): SafeHtml {
  return html`<h1>Check a quote</h1>
<p class="lead">Paste a sentence someone is said to have said. whosaid compares it with the record and shows the closest stored wording, word by word.</p>
<form id="check" class="check" action="/v1/verify" method="post" novalidate>
<div class="field"><label for="c-text">Quote to check</label>
<textarea id="c-text" name="text" rows="4" required maxlength="20000" aria-describedby="c-text-h"></textarea>
<small id="c-text-h">The words as they were quoted to you.</small></div>
<div class="grid">
<div class="field"><label for="c-speaker">Said by (optional)</label><input id="c-speaker" name="speaker" autocomplete="off" aria-describedby="c-speaker-h"><small id="c-speaker-h">Name (titles are fine: “Mr. Ushakov”), alias or slug</small></div>
<div class="field"><label for="c-date">Said on (optional)</label><input id="c-date" name="date" type="date"></div>
<div class="field"><label for="c-key">API key (only if this server asks for one)</label><input id="c-key" name="key" type="password" autocomplete="off" aria-describedby="c-key-h"><small id="c-key-h">Sent with this check only; never stored.</small></div>
</div>
<button type="submit">Check</button>
</form>
<noscript><p class="notice">Checking a quote needs JavaScript in this page; the same check is <code>POST /v1/verify</code> in the <a href="/docs/">API</a>.</p></noscript>
<div id="check-result" aria-live="polite"></div>`;
}
