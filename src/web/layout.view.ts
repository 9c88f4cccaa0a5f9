import { html, type SafeHtml } from './html.ts';

export type Section = 'search' | 'speakers' | 'check' | 'none';

/** The shell of every page: skip link, navigation, one <main>, the site stylesheet; `head` adds data blocks (JSON-LD). */
export function layout(title: string, section: Section, body: SafeHtml, scripts: string[] = [], head: SafeHtml | null = null): SafeHtml {
  const nav = (href: string, label: string, name: Section) =>
    html`<a href="${href}"${section === name ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · whosaid</title>
<link rel="icon" href="/favicon.ico" sizes="32x32">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/site.css">
${scripts.map((src) => html`<script src="${src}" defer></script>`)}
${head}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
  <a class="brand" href="/">whosaid</a>
  <nav aria-label="Main">${nav('/', 'Search quotes', 'search')} ${nav('/speakers', 'Speakers', 'speakers')} ${nav('/check', 'Check a quote', 'check')} <a href="/docs/">API docs</a></nav>
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer class="site"><p>Who said what, where it first appeared, and who relayed it. <a href="/openapi.json">OpenAPI</a> · <a href="/editor">Editors</a></p></footer>
</body>
</html>`;
}
