// The key dispatcher: the first binding of a key in the active scopes, by priority (modal > pane > global).
import { BINDING_LIST, type Binding, type ReaderScope, type Scope } from './bindings.js';

const byScope = new Map<Scope, Map<string, Binding>>();
for (const binding of BINDING_LIST) {
  for (const scope of binding.scopes) {
    const keys = byScope.get(scope) ?? new Map<string, Binding>();
    for (const key of binding.keys) {
      if (keys.has(key)) throw new Error(`key ${key} bound twice in scope ${scope}`);
      keys.set(key, binding);
    }
    byScope.set(scope, keys);
  }
}

/** What the screen shows decides which scopes listen, highest priority first. */
export interface ScopeInput {
  modal: 'palette' | 'filter' | 'confirm' | 'help' | ReaderScope | undefined;
  /** The focused pane's scope (or `log` when maximised, `services` on the map). */
  pane: Scope;
}

export function activeScopes({ modal, pane }: ScopeInput): Scope[] {
  // A modal takes every key: nothing under it reacts while it is open.
  return modal ? [modal] : [pane, 'global'];
}

/** The binding a key triggers in the active scopes, or undefined. */
export function resolveKey(scopes: readonly Scope[], key: string): Binding | undefined {
  for (const scope of scopes) {
    const binding = byScope.get(scope)?.get(key);
    if (binding) return binding;
  }
  return undefined;
}

/** Bindings to show in the footer for the active scopes (one entry per command). */
export function footerBindings(scopes: readonly Scope[]): Binding[] {
  const seen = new Set<string>();
  const out: Binding[] = [];
  for (const scope of scopes) {
    for (const binding of BINDING_LIST) {
      if (!binding.footer || !binding.scopes.includes(scope) || seen.has(binding.command)) continue;
      seen.add(binding.command);
      out.push(binding);
    }
  }
  return out;
}
