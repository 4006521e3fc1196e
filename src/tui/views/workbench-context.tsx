// What every connected pane needs: the store and the command context, given once at the root.
import { createContext, useContext, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { CommandContext } from '../command-context.js';
import type { WorkbenchState } from '../store/store.js';

export const WorkbenchContext = createContext<CommandContext | undefined>(undefined);

export function useWorkbench(): CommandContext {
  const ctx = useContext(WorkbenchContext);
  if (!ctx) throw new Error('useWorkbench outside <WorkbenchContext>');
  return ctx;
}

/** A slice of the store; re-renders only when the slice changes (compare with Object.is). */
export function useSlice<T>(selector: (state: WorkbenchState) => T): T {
  return useStore(useWorkbench().store, selector);
}

/** The current time, refreshed every `ms` while `active` (ages and running durations). */
export function useNow(ms: number, active = true): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms, active]);
  return now;
}
