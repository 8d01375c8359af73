/** The store and the commands, as React components reach them. */
import { createContext, useContext, useMemo, useSyncExternalStore } from 'react';
import type { CommandId } from '../../main/common/commands';
import { runCommand, type Context } from '../commands';
import type { State } from './state';

export const AppContext = createContext<Context | null>(null);

export function useApp(): Context & { run: (id: CommandId, on?: number[]) => boolean } {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('useApp outside <AppContext.Provider>');
  // One object for the app's life, so callbacks made from it keep memoized children from rendering again.
  return useMemo(() => ({ ...ctx, run: (id: CommandId, on?: number[]) => runCommand(ctx, id, on) }), [ctx]);
}

/** The store's state; the component renders again when it changes. */
export function useAppState(): State {
  const { store } = useApp();
  return useSyncExternalStore(store.subscribe, store.getState);
}
