// fleet:drift's entry point: gathers one snapshot of the fleet (files, AWS, registry) and judges it.
import type { Backends } from '../backends.js';
import type { Config } from '../config/index.js';
import type { DriftReport } from './types.js';

/** What collecting drift needs: the loaded nodes.json, the backends (AWS target, registry) and the cancel signal. */
export interface DriftContext {
  readonly config: Config;
  readonly backends: Backends;
  readonly signal: AbortSignal;
}

/** The drift of `groups` (names as in nodes.json): reads only, one bounded set of describe calls for the whole fleet. */
export async function collectDrift(_ctx: DriftContext, groups: string[]): Promise<DriftReport> {
  return { groups: groups.map((group) => ({ group, items: [] })), warnings: ['drift: not implemented yet'] };
}
