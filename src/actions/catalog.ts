// The actions catalog: every action, declared once, for the CLI, the TUI palette and the help.
import { autoscaleActions } from './autoscale-actions.js';
import { configDiff, configShow } from './config-actions.js';
import { deployActions } from './deploy-actions.js';
import { fleetActions } from './fleet-actions.js';
import { fleetShow } from './fleet-show-action.js';
import { historyActions } from './history-actions.js';
import { autoscaleCreate, packerCreate, plan, roleCreate, rolesUpdate } from './generate-actions.js';
import { instanceActions } from './instance-actions.js';
import { packerActions } from './packer-actions.js';
import { registryActions } from './registry-actions.js';
import { sandboxActions } from './sandbox-actions.js';
import type { AnyAction } from './types.js';

export const catalog: readonly AnyAction[] = [
  configShow,
  configDiff,
  plan,
  roleCreate,
  rolesUpdate,
  packerCreate,
  ...packerActions,
  autoscaleCreate,
  ...autoscaleActions,
  ...instanceActions,
  ...fleetActions,
  fleetShow,
  ...deployActions,
  ...registryActions,
  ...sandboxActions,
  ...historyActions,
];

/** Every name and alias of `actions` -> its action; a name used twice is a programming error. */
export function indexActions(actions: readonly AnyAction[]): Map<string, AnyAction> {
  const byName = new Map<string, AnyAction>();
  for (const action of actions) {
    for (const name of [action.name, ...(action.aliases ?? [])]) {
      if (byName.has(name)) throw new Error(`duplicate action name ${name}`);
      byName.set(name, action);
    }
  }
  return byName;
}

const byName = indexActions(catalog);

/** The action called `name` (or one of its aliases). */
export function findAction(name: string): AnyAction | undefined {
  return byName.get(name);
}

/** Every name and alias, for completion. */
export function actionNames(): string[] {
  return [...byName.keys()];
}
