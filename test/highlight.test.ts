import { describe, expect, it } from 'vitest';
import { highlight } from '../src/domain/highlight.ts';
import { parseSearchQuery } from '../src/domain/search-query.ts';

const marked = (text: string, q: string) => highlight(text, parseSearchQuery(q));
const spans = (text: string, q: string) => marked(text, q).matches.map((m) => text.slice(m.start, m.end));

describe('highlights of a search', () => {
  it('when a word differs from the query in case or accents, then it is marked as the index matched it', () => {
    expect(spans('The CAFÉ and the Cafe opened', 'cafe')).toEqual(['CAFÉ', 'Cafe']);
    expect(marked('The CAFÉ opened', 'the').snippet).toBe('<mark>The</mark> CAFÉ opened');
  });

  it('when a letter carries a combining mark, then the mark stays inside the marked word', () => {
    const text = 'a cafe\u0301 here';
    expect(spans(text, 'cafe')).toEqual(['cafe\u0301']);
  });

  it('when a character outside the basic plane precedes a word, then the word is still found whole', () => {
    expect(spans('\u{1F600}minister said', 'minister')).toEqual(['minister']);
    expect(spans('\ud83dminister said', 'minister')).toEqual(['minister']);
    expect(spans('\u{1D400}bc minister', 'minister')).toEqual(['minister']);
  });

  it('when the query has a phrase or a prefix, then only the words it covers are marked', () => {
    expect(spans('the minister said the minister', '"the minister"')).toEqual(['the', 'minister', 'the', 'minister']);
    expect(spans('Security and secure, not sec', 'secur*')).toEqual(['Security', 'secure']);
    expect(spans('a minister, then a ministerial note', 'minister')).toEqual(['minister']);
  });

  it('when a word folds to nothing, then it counts for no word of the window', () => {
    // U+0301 alone is a mark, never a word; "x\u0301" is one word.
    expect(spans('\u0301 x\u0301 minister', 'minister')).toEqual(['minister']);
  });

  it('when the text is longer than the window, then the snippet is cut around the first match', () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    words[60] = 'Target';
    const { snippet, matches } = marked(words.join(' '), 'target');
    expect(matches).toHaveLength(1);
    expect(snippet.startsWith('…w50 ')).toBe(true);
    expect(snippet).toContain('<mark>Target</mark>');
    expect(snippet.endsWith('w89…')).toBe(true);
  });

  it('when the text has markup characters, then the snippet escapes them', () => {
    expect(marked('<b>Kim</b> & "friends"', 'kim').snippet).toBe('&lt;b&gt;<mark>Kim</mark>&lt;/b&gt; &amp; &quot;friends&quot;');
  });
});
