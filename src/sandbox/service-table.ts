// Every API call the sandbox answers, by service: EC2 (2016-11-15) and Auto Scaling (2011-01-01).
import { groupHandlers } from './asg/groups.js';
import { memberHandlers } from './asg/instances.js';
import { legacyHandlers } from './asg/legacy.js';
import { policyHandlers } from './asg/policies.js';
import { refreshHandlers } from './asg/refresh.js';
import type { HandlerTable } from './context.js';
import { accessHandlers } from './ec2/access.js';
import { imageHandlers } from './ec2/images.js';
import { instanceHandlers } from './ec2/instances.js';
import { launchTemplateHandlers } from './ec2/launch-templates.js';
import { networkHandlers } from './ec2/network.js';
import { tagHandlers } from './ec2/tags.js';
import type { Protocol } from './protocol/query-decode.js';

export interface Service {
  name: 'EC2' | 'Auto Scaling';
  version: string;
  protocol: Protocol;
  /** The SigV4 signing name, used to route a request that names no Version. */
  signingName: string;
  handlers: HandlerTable;
  /** The SDK module whose `${Action}$` operation schemas shape requests and responses. */
  loadSchemas(): Promise<Record<string, unknown>>;
}

export const SERVICES: readonly Service[] = [
  {
    name: 'EC2',
    version: '2016-11-15',
    protocol: 'ec2',
    signingName: 'ec2',
    handlers: { ...instanceHandlers, ...imageHandlers, ...tagHandlers, ...networkHandlers, ...accessHandlers, ...launchTemplateHandlers },
    loadSchemas: async () => (await import('@aws-sdk/client-ec2')) as unknown as Record<string, unknown>,
  },
  {
    name: 'Auto Scaling',
    version: '2011-01-01',
    protocol: 'query',
    signingName: 'autoscaling',
    handlers: { ...groupHandlers, ...memberHandlers, ...refreshHandlers, ...legacyHandlers, ...policyHandlers },
    loadSchemas: async () => (await import('@aws-sdk/client-auto-scaling')) as unknown as Record<string, unknown>,
  },
];

/** Every action the sandbox implements, e.g. for help and tests. */
export function supportedActions(): Record<string, string[]> {
  return Object.fromEntries(SERVICES.map((s) => [s.name, Object.keys(s.handlers).sort()]));
}
