/** The query string of a request URL, with its "?" ("" when none): a redirect keeps what was asked. */
export function queryString(originalUrl: string): string {
  const at = originalUrl.indexOf('?');
  return at === -1 ? '' : originalUrl.slice(at);
}
