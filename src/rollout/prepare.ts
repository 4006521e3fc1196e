// Prepares a rollout of one group: clients, settings, newest AMI, fresh dna/role files, user data, registry.
import { join } from 'node:path';
import type { JobContext } from '../jobs/context.js';
import { servicesOf, type NodeGroup } from '../config/index.js';
import { HangarError } from '../errors.js';
import { readIfExists } from '../fs/atomic-write.js';
import { asgDnaPath, loadTemplate, planFiles, renderAsgDna, renderRole, rolePath } from '../generate/index.js';
import type { Registry } from '../registry/types.js';
import { type AsgSettings, resolveAsgSettings } from '../aws/asg-settings.js';
import { type AwsClients, awsClients } from '../aws/clients.js';
import { listGroupImages, newestByGroup } from '../aws/images.js';
import { launchTemplateData } from '../aws/launch-templates.js';
import type { TargetHealthChecker } from '../aws/asg-target-health.js';
import type { RolloutContext } from './context.js';

export interface GroupTarget {
  node: NodeGroup;
  settings: AsgSettings;
  clients: AwsClients;
}

/** The group, its autoscale settings (usage error when it cannot autoscale) and its region's clients. */
export async function targetOf(ctx: JobContext, group: string): Promise<GroupTarget> {
  const node = ctx.config.groups.get(group);
  if (!node) throw new HangarError('internal.group', `unknown group ${group}`);
  const settings = resolveAsgSettings(group, node.merged);
  const clients = await awsClients(ctx.backends.aws, node.merged.region ?? 'us-east-1');
  return { node, settings, clients };
}

/** The clients of the group's region (status reads any group, autoscaling or not). */
export function groupClients(ctx: JobContext, group: string): Promise<AwsClients> {
  return awsClients(ctx.backends.aws, ctx.config.groups.get(group)?.merged.region ?? 'us-east-1');
}

/** The newest available AMI of the group; an error that says to build one when there is none. */
export async function newestAmi(ctx: JobContext, target: GroupTarget): Promise<string> {
  const images = await listGroupImages(ctx.backends.aws, target.clients.region, [target.node.name], ctx.signal);
  const newest = newestByGroup(images).get(target.node.name);
  if (!newest) {
    throw new HangarError('autoscale.no-image', `group "${target.node.name}" has no AMI in ${target.clients.region} (tagged group=${target.node.name})`, {
      hint: `build one first: hangar packer:run ${target.node.name}`,
    });
  }
  return newest.id;
}

/** Runs autoscale:create G first when dna/asg/G.json or roles/role-G.json is missing or stale. */
export async function ensureAsgFiles(ctx: JobContext, node: NodeGroup): Promise<void> {
  const planned = planFiles(ctx.config, [renderAsgDna(ctx.config, node), renderRole(ctx.config, node)]);
  const stale = planned.filter((f) => f.status !== 'unchanged');
  if (stale.length === 0) return;
  ctx.emit.log(`${stale.map((f) => f.path).join(', ')} ${stale.length === 1 ? 'is' : 'are'} missing or stale: running autoscale:create ${node.name}`, {
    group: node.name,
  });
  await ctx.runAction('autoscale:create', [node.name]);
}

/** The user data of the group's instances: templates/user-data.sh.hbs with the group's ASG dna. */
export function renderUserData(ctx: JobContext, node: NodeGroup): string {
  const dnaPath = asgDnaPath(ctx.config, node.name);
  const dnaText = readIfExists(join(ctx.config.dir, dnaPath));
  if (dnaText === undefined) throw new HangarError('autoscale.dna', `${dnaPath} is missing`, { hint: `write it: hangar autoscale:create ${node.name}` });
  const role = readIfExists(join(ctx.config.dir, rolePath(ctx.config, node.name)));
  const userData = loadTemplate(
    ctx.config.dir,
    'user-data.sh',
  )({
    group: node.name,
    region: node.merged.region,
    dna: JSON.parse(dnaText) as unknown,
    dna_json: dnaText.trimEnd(),
    dna_path: dnaPath,
    role: role === undefined ? undefined : (JSON.parse(role) as unknown),
    role_json: role?.trimEnd(),
    settings: ctx.config.settings,
    provision_command: ctx.config.settings.provision_command,
  });
  // EC2 takes at most 16 KB of user data (before base64).
  if (Buffer.byteLength(userData) > 16 * 1024) {
    throw new HangarError('autoscale.user-data', `the user data of ${node.name} is ${Buffer.byteLength(userData)} bytes; EC2 takes at most 16 KB`, {
      hint: 'shorten templates/user-data.sh.hbs or the role',
    });
  }
  return userData;
}

/** The registry to check and drain, when the group declares services and one is configured. */
export async function rolloutRegistry(ctx: JobContext, node: NodeGroup): Promise<{ registry: Registry | undefined; services: string[] }> {
  // What the node's agent registers: the run_list's services that have a port in `services`.
  const services = node.merged.services
    ? servicesOf(node.merged, ctx.config.settings.service_cookbook)
        .filter((s) => s.port !== undefined)
        .map((s) => s.name)
    : [];
  const registry = await ctx.backends.openRegistry(ctx.config);
  return { registry, services };
}

export interface RolloutOptions {
  targetHealth?: TargetHealthChecker | undefined;
  intervalMs?: number | undefined;
  /** --canary: overrides autoscale.canary. */
  canary?: number | undefined;
}

/** Everything a run/update needs; call after the checks that must create nothing (existing ASG, ...). */
export async function prepareRollout(ctx: JobContext, target: GroupTarget, verb: string, options: RolloutOptions = {}): Promise<RolloutContext> {
  const { node } = target;
  const ami = await newestAmi(ctx, target);
  await ensureAsgFiles(ctx, node);
  const userData = renderUserData(ctx, node);
  // Before the registry opens: a policy that cannot be resolved leaves nothing open.
  const { resolvePolicies } = await import('./policies.js');
  const policies = await resolvePolicies(ctx.backends.aws, target.clients.region, target.settings, ctx.emit, ctx.signal);
  const { registry, services } = await rolloutRegistry(ctx, node);
  let targetHealth = options.targetHealth;
  if (target.settings.targetGroupArns.length > 0 && !targetHealth) {
    if (!ctx.backends.aws.loadBalancers) {
      ctx.emit.warn('the sandbox has no load balancers: target group health is not checked (the ASG health check type is ELB)', { group: node.name });
    } else {
      const { createTargetHealthChecker } = await import('../aws/asg-target-health.js');
      targetHealth = createTargetHealthChecker(ctx.backends.aws, target.clients.region);
    }
  }
  return {
    group: node.name,
    ec2: target.clients.ec2,
    autoscaling: target.clients.autoscaling,
    merged: node.merged,
    settings: target.settings,
    templateData: launchTemplateData(node.merged, ami, userData),
    templateDescription: `hangar ${verb} ${node.name} ${ami}`,
    targetWords: ctx.backends.targetWords,
    emit: ctx.emit,
    signal: ctx.signal,
    registry,
    services,
    targetHealth,
    intervalMs: options.intervalMs,
    policies,
    canary: options.canary ?? target.settings.canary,
  };
}
