// What a rollout (autoscale:run / update) works with: clients, settings, template data, registry, events, signal.
import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { EC2Client, RequestLaunchTemplateData } from '@aws-sdk/client-ec2';
import type { GroupConfig } from '../config/index.js';
import type { Emitter } from '../jobs/events.js';
import type { Registry } from '../registry/types.js';
import type { AsgSettings } from '../aws/asg-settings.js';
import type { TargetHealthChecker } from '../aws/asg-target-health.js';
import type { WantedPolicy } from '../aws/scaling-policies.js';

export interface RolloutContext {
  group: string;
  ec2: EC2Client;
  autoscaling: AutoScalingClient;
  merged: GroupConfig;
  settings: AsgSettings;
  /** The data of the new launch template version (AMI, user data, ...). */
  templateData: RequestLaunchTemplateData;
  /** The new version's description, e.g. `hangar autoscale:update G ami-...`. */
  templateDescription: string;
  /** The run's target flags (`--sandbox`, `--endpoint URL`): the resume commands its hints print carry them. */
  targetWords: readonly string[];
  emit: Emitter;
  signal: AbortSignal;
  /** Where services register; checked for the new instances and told about draining. */
  registry?: Registry | undefined;
  /** Services each new instance must register before it counts as healthy (when a registry is set). */
  services: string[];
  /** Target group health; required when the settings have target groups. */
  targetHealth?: TargetHealthChecker | undefined;
  /** The clock for ASG names (tests). */
  now?: () => Date;
  /** Poll interval override (tests); default from the timeout. */
  intervalMs?: number | undefined;
  /** Target-tracking policies the group's ASG carries (autoscale.target_cpu / target_requests_per_target). */
  policies?: WantedPolicy[] | undefined;
  /** Instances a red/black update's new ASG starts with before it is scaled to full capacity (0 or unset: none). */
  canary?: number | undefined;
}
