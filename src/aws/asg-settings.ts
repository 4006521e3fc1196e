// The autoscale settings of a group with hangar's defaults, and the names hangar gives its ASGs and templates.
import type { GroupConfig } from '../config/index.js';
import { usageError } from '../errors.js';

/** Defaults written in the README (autoscale:run / update). */
export const AUTOSCALE_DEFAULTS = {
  node_min: 1,
  health_check_grace: 300,
  /** Seconds to wait for the new ASG to be healthy (and for the old one to drain away). */
  timeout: 600,
  drain_timeout: 30,
  min_healthy_percentage: 90,
} as const;

export interface AsgSettings {
  group: string;
  min: number;
  max: number;
  desired: number;
  healthCheckGrace: number;
  healthCheckType: 'EC2' | 'ELB';
  subnets: string[] | undefined;
  zones: string[] | undefined;
  targetGroupArns: string[];
  timeoutMs: number;
  drainMs: number;
  /** autoscale.canary: instances the new ASG of an update starts with (0: none). */
  canary: number;
  /** autoscale.target_cpu (percent): a target-tracking policy on ASGAverageCPUUtilization. */
  targetCpu: number | undefined;
  /** autoscale.target_requests_per_target: a target-tracking policy on ALBRequestCountPerTarget (first target group). */
  targetRequestsPerTarget: number | undefined;
}

/** The merged config's autoscale block with defaults filled; usage errors (exit 2) when it cannot make an ASG. */
export function resolveAsgSettings(group: string, merged: GroupConfig): AsgSettings {
  const scale = merged.autoscale;
  if (!scale) {
    throw usageError('autoscale.disabled', `group "${group}" does not autoscale: add an "autoscale" object to it in nodes.json`, {
      hint: 'e.g. "autoscale": {"node_min": 2, "node_max": 4}',
    });
  }
  const min = scale.node_min ?? AUTOSCALE_DEFAULTS.node_min;
  const max = scale.node_max ?? Math.max(min, scale.desired ?? min);
  const desired = scale.desired ?? min;
  if (min > max) throw usageError('autoscale.capacity', `group "${group}": autoscale.node_min (${min}) is greater than node_max (${max})`);
  if (desired < min || desired > max) {
    throw usageError('autoscale.capacity', `group "${group}": autoscale.desired (${desired}) is outside node_min..node_max (${min}..${max})`);
  }
  const subnets = nonEmpty(merged.subnets);
  const zones = nonEmpty(merged.availability_zones);
  if (!subnets && !zones) {
    throw usageError('autoscale.placement', `group "${group}" sets neither "subnets" nor "availability_zones": an ASG needs one of them`, {
      hint: 'add "subnets": ["subnet-..."] (VPC) or "availability_zones": ["us-east-1a"] to the group or __base__',
    });
  }
  const targetGroupArns = scale.target_group_arns ?? [];
  if (scale.target_requests_per_target !== undefined && targetGroupArns.length === 0) {
    throw usageError('autoscale.requests', `group "${group}": autoscale.target_requests_per_target needs autoscale.target_group_arns`);
  }
  return {
    group,
    min,
    max,
    desired,
    healthCheckGrace: scale.health_check_grace ?? AUTOSCALE_DEFAULTS.health_check_grace,
    healthCheckType: targetGroupArns.length > 0 ? 'ELB' : 'EC2',
    // Subnets win when both are set: they already pin the zones.
    subnets,
    zones: subnets ? undefined : zones,
    targetGroupArns,
    timeoutMs: (scale.timeout ?? AUTOSCALE_DEFAULTS.timeout) * 1000,
    drainMs: (scale.drain_timeout ?? AUTOSCALE_DEFAULTS.drain_timeout) * 1000,
    canary: scale.canary ?? 0,
    targetCpu: scale.target_cpu,
    targetRequestsPerTarget: scale.target_requests_per_target,
  };
}

const nonEmpty = (list: string[] | undefined) => (list && list.length > 0 ? list : undefined);

/** Settings for a new ASG that replaces one running at `desired`: same capacity, bounds widened to hold it. */
export function withCapacity(settings: AsgSettings, desired: number): AsgSettings {
  return { ...settings, desired, min: Math.min(settings.min, desired), max: Math.max(settings.max, desired) };
}

/** `hangar-G`: the one launch template of a group; each run/update adds a version. */
export const launchTemplateName = (group: string) => `hangar-${group}`;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `G-yyyymmddHHMMss`, in UTC. */
export function asgNameFor(group: string, at: Date = new Date()): string {
  const stamp = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`;
  return `${group}-${stamp}`;
}
