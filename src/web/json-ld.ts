import { SafeHtml } from './html.ts';

/**
 * JSON-LD as an HTML data block. JSON.stringify alone is not safe inside <script>: a quote containing
 * "</script>" or "<!--" would end or change the block. Escaping <, > and & as JSON \u escapes keeps the
 * data identical for a JSON parser while the HTML parser never sees markup; U+2028/2029 are escaped for old
 * JavaScript parsers.
 */
export function jsonLdScript(data: unknown): SafeHtml {
  const json = JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return new SafeHtml(`<script type="application/ld+json">${json}</script>`);
}
