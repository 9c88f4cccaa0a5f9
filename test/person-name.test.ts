import { describe, expect, it } from 'vitest';
import { normalizePersonReference } from '../src/domain/person-name.ts';

describe('normalizePersonReference', () => {
  it.each([
    ['Mr. Ushakov', 'ushakov', 'ushakov', ['mr']],
    ['President Putin', 'putin', 'putin', ['president']],
    ['Russian President Vladimir Putin', 'vladimir putin', 'putin', ['russian', 'president']],
    ['Vice President Joe Biden', 'joe biden', 'biden', ['vice', 'president']],
    ['Fed Chair Janet L. Yellen', 'janet l yellen', 'yellen', ['fed', 'chair']],
    ['Mrs. Clinton', 'clinton', 'clinton', ['mrs']],
    ['Sen. Tim Kaine (D-Va.)', 'tim kaine', 'kaine', ['sen']],
    ['Secretary of State John Kerry', 'john kerry', 'kerry', ['secretary', 'of', 'state']],
    ['Martin Luther King Jr.', 'martin luther king jr', 'king', []],
    ['Mr. King', 'king', 'king', ['mr']],
    ['Kim Jong-un', 'kim jong un', 'kim', []],
    ['Professor Lim Eul-chul', 'lim eul chul', 'lim', ['professor']],
    ['Mary Smith-Jones', 'mary smith jones', 'jones', []],
    ['the Kremlin', 'kremlin', 'kremlin', ['the']],
  ])('%s → core %j, surname %j', (text, core, surname, titles) => {
    expect(normalizePersonReference(text)).toEqual({ core, surname, strippedTitles: titles });
  });

  it('leaves nothing when the reference is only titles ("the President")', () => {
    expect(normalizePersonReference('the President')).toEqual({ core: '', surname: null, strippedTitles: ['the', 'president'] });
    expect(normalizePersonReference('')).toEqual({ core: '', surname: null, strippedTitles: [] });
  });

  it('is idempotent on its own core', () => {
    for (const text of ['Mr. Ushakov', 'Russian President Vladimir Putin', 'Fed Chair Janet L. Yellen']) {
      const { core } = normalizePersonReference(text);
      expect(normalizePersonReference(core).core).toBe(core);
    }
  });
});
