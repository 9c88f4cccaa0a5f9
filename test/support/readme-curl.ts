/**
 * The README's curl examples as HTTP requests, so the docs test runs them with fetch on any machine
 * (no curl or shell needed). Understands the shell a README example uses — quotes, `$VAR`, line
 * continuations, `#` comments — and the curl options it uses; anything else is reported, not guessed.
 */

export interface CurlRequest {
  command: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Splits shell text into commands (one per unquoted line end), each a list of words, with `$VAR` expanded from env. */
export function shellCommands(text: string, env: Record<string, string>): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  const append = (s: string) => {
    word = (word ?? '') + s;
  };
  const endWord = () => {
    if (word !== null) words.push(word);
    word = null;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (quote === "'") {
      if (c === "'") quote = null;
      else append(c);
    } else if (c === '$' && next !== undefined && /[A-Za-z_]/.test(next)) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0] ?? '';
      const value = env[name];
      if (value === undefined) throw new Error(`$${name} is not set for the README examples`);
      append(value);
      i += name.length;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && next !== undefined && '"\\$`'.includes(next)) {
        append(next);
        i += 1;
      } else append(c);
    } else if (c === '\\') {
      if (next !== '\n' && next !== undefined) append(next);
      i += 1;
    } else if (c === "'" || c === '"') {
      quote = c;
      append('');
    } else if (c === '#' && word === null) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i += 1;
    } else if (c === '\n' || c === ';') {
      endCommand();
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else {
      append(c);
    }
  }
  if (quote !== null) throw new Error('unterminated quote in a README example');
  endCommand();
  return commands;
}

/** The request a curl command line sends, with the README's host replaced by `base`. */
export function curlRequest(argv: string[], base: string): CurlRequest {
  const [program, ...args] = argv;
  if (program !== 'curl') throw new Error(`not a curl command: ${argv.join(' ')}`);
  let method: string | undefined;
  let url: string | undefined;
  let body: string | undefined;
  const headers: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '-X' || arg === '--request') method = value();
    else if (arg === '-H' || arg === '--header') {
      const header = value();
      const colon = header.indexOf(':');
      headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
    } else if (arg === '-d' || arg === '--data' || arg === '--data-raw') body = value();
    else if (arg === '-s' || arg === '-S' || arg === '-sS' || arg === '-i') continue;
    else if (arg.startsWith('-')) throw new Error(`curl option ${arg} is not understood by the docs test; keep README examples to -X, -H, -d, -s`);
    else url = arg;
  }
  if (url === undefined) throw new Error(`no URL in: ${argv.join(' ')}`);
  const absolute = /^https?:\/\//.test(url) ? url : `http://${url}`;
  const parsed = new URL(absolute);
  if (parsed.host !== 'localhost:3000') throw new Error(`README examples must call http://localhost:3000, not ${parsed.host}`);
  if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  return {
    command: argv.join(' '),
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    url: `${base}${parsed.pathname}${parsed.search}`,
    headers,
    body,
  };
}
