// Where each generated file goes, relative to nodes.json: no rendering here, so callers that only name a file stay light.
import { join } from 'node:path';
import type { Config } from '../config/index.js';

export const rolePath = (config: Config, group: string) => join(config.settings.paths.roles, `role-${group}.json`);
export const packerPath = (config: Config, group: string) => join(config.settings.paths.packer, `${group}.json`);
export const asgDnaPath = (config: Config, group: string) => join(config.settings.paths.dna, 'asg', `${group}.json`);
export const instanceDnaPath = (config: Config, group: string, instanceId: string) =>
  join(config.settings.paths.dna, 'instances', `${group}-${instanceId}.json`);
