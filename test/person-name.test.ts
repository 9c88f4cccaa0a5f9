import { describe, expect, it } from 'vitest';
import { normalizePersonReference, surnamesOf } from '../src/domain/person-name.ts';
import { canonicalTokens } from '../src/verification/cosmetic.ts';
import { tokenize } from '../src/verification/tokens.ts';

describe('normalizePersonReference', () => {
  it.each([
    ['Vice President Joe Biden', 'Joe Biden', ['Vice President'], 'joe biden'],
    ['Fed Chair Janet L. Yellen', 'Janet L. Yellen', ['Fed Chair'], 'janet yellen'],
    ['Mr. Shields', 'Shields', ['Mr.'], 'shields'],
    ['Mrs. Clinton', 'Clinton', ['Mrs.'], 'clinton'],
    ['Sen. Bernie Sanders (I-Vt.)', 'Bernie Sanders', ['Sen.'], 'bernie sanders'],
    ['Former Secretary of State Hillary Clinton', 'Hillary Clinton', ['Former Secretary of State'], 'hillary clinton'],
    ['Carly Fiorina, former HP chief executive', 'Carly Fiorina', [], 'carly fiorina'],
    ['Martin Luther King Jr.', 'Martin Luther King Jr.', [], 'martin luther king'],
  ])('when given "%s", then the name is "%s"', (reference, name, titles, lookup) => {
    const ref = normalizePersonReference(reference);
    expect(ref.name).toBe(name);
    expect(ref.titles).toEqual(titles);
    expect(ref.lookups).toContain(lookup);
    expect(ref.organization).toBe(false);
  });

  it('when given an organisation with an article and a demonym, then its title words stay and shorter forms are tried', () => {
    const ref = normalizePersonReference('The South Korean Defense Ministry');
    expect(ref).toMatchObject({ name: 'South Korean Defense Ministry', organization: true, surname: null, titles: [] });
    expect(ref.lookups).toEqual(['south korean defense ministry', 'korean defense ministry', 'defense ministry']);
  });

  it('when given one word, then it is a surname; a title alone is kept as it is', () => {
    expect(normalizePersonReference('Mr. Shields').surname).toBe('shields');
    expect(normalizePersonReference('Joe Biden').surname).toBeNull();
    expect(normalizePersonReference('President').name).toBe('President');
  });
});

describe('surnamesOf', () => {
  it('when a name is written surname first (two words, the second hyphenated) or known by its first word, then that word is a surname too', () => {
    expect(surnamesOf('Kim Jong-un')).toEqual(['kim']);
    expect(surnamesOf('Hong Min', ['Hong'])).toEqual(['min', 'hong']);
    expect(surnamesOf('Joseph R. Biden Jr.')).toEqual(['biden']);
    expect(surnamesOf('Shields')).toEqual([]);
  });
});

describe('canonicalTokens', () => {
  const keys = (text: string) => canonicalTokens(tokenize(text)).map((t) => t.key).join(' ');
  it('when words differ only in form, then their canonical keys are equal', () => {
    expect(keys("I've named them; we won't organise the defence")).toBe(keys('I have named them; we will not organize the defense'));
    expect(keys('a well-known, um, harbour')).toBe(keys('a well known harbor'));
  });
  it('when words differ in meaning, then their canonical keys differ (and object property names are plain words)', () => {
    expect(keys('they will attend')).not.toBe(keys('they may attend'));
    expect(keys('the constructor of promises')).toBe('the constructor of promises');
    expect(keys('we promise and advise')).toBe('we promise and advise');
  });
});
