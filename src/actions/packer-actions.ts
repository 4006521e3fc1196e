// Actions of this area: packer:run, packer:clean, packer:delete (issue 3).
import type { AnyAction } from './types.js';

export const packerActions: AnyAction[] = [];
