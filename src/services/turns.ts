/** Where the services take the turns of the event loop from: src/turns.ts (storage takes them too, so it lives outside both). */
export * from '../turns.ts';
