// Which scopes listen to keys right now, read from the store's state.
import type { WorkbenchState } from '../store/store.js';
import type { Scope } from './bindings.js';
import { activeScopes } from './dispatch.js';

export function scopesOf(state: WorkbenchState): Scope[] {
  const modal = state.modal?.kind ?? state.overlay?.kind ?? (state.list.filtering && state.view === 'main' && state.focus === 'groups' ? 'filter' : undefined);
  const pane: Scope = state.view !== 'main' ? state.view : state.jobs.maximised ? 'log' : state.focus;
  return activeScopes({ modal, pane });
}
