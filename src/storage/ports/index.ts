export type * from './commands.ts';
export type * from './read-models.ts';
export type * from './repositories.ts';
