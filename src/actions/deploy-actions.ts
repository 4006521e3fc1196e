// Actions of this area: instance:deploy (issue 5).
import type { AnyAction } from './types.js';

export const deployActions: AnyAction[] = [];
