// Actions of this area: sandbox:serve, sandbox:reset (issue 3).
import type { AnyAction } from './types.js';

export const sandboxActions: AnyAction[] = [];
