import { describe, expect, it } from 'vitest';
import { derivations, inflections } from '../src/domain/inflection.ts';

describe('query-time English inflections', () => {
  it.each([
    ['attend', ['attends', 'attended', 'attending']],
    ['attending', ['attend', 'attends', 'attended']],
    ['troops', ['troop']],
    ['parties', ['party']],
    ['tried', ['try', 'tries', 'trying']],
    ['boxes', ['box', 'boxed']],
    ['stop', ['stops', 'stopped', 'stopping']],
    ['running', ['run', 'runs']],
    ['added', ['add', 'adds', 'adding']],
    ['state', ['states', 'stated', 'stating']],
    ['open', ['opens', 'opened', 'opening']],
  ])('%s also finds %j', (word, forms) => {
    expect(inflections(word)[0]).toBe(word);
    expect(inflections(word)).toEqual(expect.arrayContaining(forms));
  });

  it.each([
    ['plan', 'planed'], // a one-syllable word doubles its consonant: "planned", and "planed" is another word
    ['government', 'govern'], // derivation is not inflection
    ['used', 'us'], // stems shorter than three letters are not taken
    ['news', 'new'], // not a plural
    ['united', 'unit'],
    ['shell', 'shel'], // "-ll" is the word's own
    ['the', 'thing'], // function words are left as typed
    ['she', 'shed'],
  ])('%s does not find %s', (word, other) => {
    expect(inflections(word)).not.toContain(other);
  });

  it('leaves numbers, short words, non-ASCII and mixed tokens alone', () => {
    for (const word of ['2025', 'us', 'kim2', 'café', 'x1y']) expect(inflections(word)).toEqual([word]);
  });
});

describe('query-time derived forms', () => {
  it.each([
    ['ambassador', ['ambassadorial']],
    ['president', ['presidential']],
    ['economy', ['economic', 'economical']],
    ['negotiate', ['negotiation', 'negotiations']],
    ['impeach', ['impeachment']],
    ['deploy', ['deployment']],
    ['finance', ['financial']],
    ['influence', ['influential']],
    ['korea', ['korean', 'koreans']],
    ['ukraine', ['ukrainian']],
    ['europe', ['european']],
    ['modernize', ['modernization']],
    ['elect', ['election', 'elections']],
  ])('%s also finds %j', (word, forms) => {
    expect(derivations(word)).toEqual(expect.arrayContaining(forms));
  });

  it.each([
    ['office', 'official'],
    ['state', 'statement'],
    ['state', 'station'],
    ['apart', 'apartment'],
    ['part', 'partial'], // bases under five letters are not derived
    ['presidential', 'president'], // one way only
    ['media', 'median'],
  ])('%s does not find %s', (word, other) => {
    expect(derivations(word)).not.toContain(other);
  });
});
