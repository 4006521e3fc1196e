// Actions of this area: instance:create, instance:list (issue 3).
import type { AnyAction } from './types.js';

export const instanceActions: AnyAction[] = [];
