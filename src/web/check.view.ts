import { verifyBody } from '../http/routes/verify.routes.ts';
import { html, type SafeHtml } from './html.ts';
import { fieldLimits, limitAttributes } from './input-limits.ts';

/** The form's fields take what POST /v1/verify takes. */
const LIMITS = fieldLimits(verifyBody);

/** The form posts to /v1/verify from check.js; results are built with textContent only. */
export function checkPage(): SafeHtml {
  return html`<h1>Check a quote</h1>
<p class="lead">Paste a sentence someone is said to have said. whosaid compares it with the record and shows the closest stored wording, word by word.</p>
<form id="check" class="check" action="/v1/verify" method="post" novalidate>
<div class="field"><label for="c-text">Quote to check</label>
<textarea id="c-text" name="text" rows="4" required${limitAttributes(LIMITS.text)} aria-describedby="c-text-h"></textarea>
<small id="c-text-h">The words as they were quoted to you.</small></div>
<div class="grid">
<div class="field"><label for="c-speaker">Said by (optional)</label><input id="c-speaker" name="speaker"${limitAttributes(LIMITS.speaker)} autocomplete="off" aria-describedby="c-speaker-h"><small id="c-speaker-h">Name (titles are fine: “Mr. Ushakov”), alias or slug</small></div>
<div class="field"><label for="c-date">Said on (optional)</label><input id="c-date" name="date"${limitAttributes(LIMITS.date)} aria-describedby="c-date-h"><small id="c-date-h">YYYY-MM-DD</small></div>
<div class="field"><label for="c-key">API key (only if this server asks for one)</label><input id="c-key" name="key" type="password" autocomplete="off" aria-describedby="c-key-h"><small id="c-key-h">Sent with this check only; never stored.</small></div>
</div>
<button type="submit">Check</button>
</form>
<noscript><p class="notice">Checking a quote needs JavaScript in this page; the same check is <code>POST /v1/verify</code> in the <a href="/docs/">API</a>.</p></noscript>
<div id="check-result" aria-live="polite"></div>`;
}
