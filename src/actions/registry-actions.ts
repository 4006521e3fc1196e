// Actions of this area: service:list, service:watch, proxy:render, agent (issue 6).
import type { AnyAction } from './types.js';

export const registryActions: AnyAction[] = [];
