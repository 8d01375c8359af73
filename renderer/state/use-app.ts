/** The store and the commands, as React components reach them. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { CommandId } from '../../main/common/commands';
import { runCommand, type Context } from '../commands';
import type { State } from './state';

export const AppContext = createContext<Context | null>(null);

export function useApp(): Context & { run: (id: CommandId, on?: number[]) => boolean } {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('useApp outside <AppContext.Provider>');
  return { ...ctx, run: (id, on) => runCommand(ctx, id, on) };
}

/** The store's state; the component renders again when it changes. */
export function useAppState(): State {
  const { store } = useApp();
  return useSyncExternalStore(store.subscribe, store.getState);
}
