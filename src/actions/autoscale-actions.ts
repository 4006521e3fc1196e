// Actions of this area: autoscale:run, autoscale:update, autoscale:status (issue 4).
import type { AnyAction } from './types.js';

export const autoscaleActions: AnyAction[] = [];
