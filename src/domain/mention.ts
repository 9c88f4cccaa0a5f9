import { surnamesOf } from './person-name.ts';
import { foldName } from './text.ts';

/**
 * Whether a mention in a text names this speaker: it holds (as whole words,
 * folded) their name or an alias, or the word a person is named by alone
 * ("Ushakov", "Mr. Ushakov", "Russian presidential aide Yury Ushakov").
 */
export function mentionNames(mention: string, name: string, aliases: readonly string[]): boolean {
  const words = ` ${foldName(mention)} `;
  const names = [name, ...aliases].map(foldName).filter((n) => n !== '');
  return [...names, ...surnamesOf(name, aliases)].some((n) => words.includes(` ${n} `));
}
