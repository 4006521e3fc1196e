// Which AMIs of a region are in use, and why: instances, launch templates ($Default/$Latest), ASGs.
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import pLimit from 'p-limit';
import type { AwsTarget } from '../aws/target.js';
import { awsClients, sendOptions } from '../aws/clients.js';
import { messageOf } from '../errors.js';
import { withAwsErrors } from '../aws/errors.js';
import { LIVE_STATES, listInstances } from '../aws/instances.js';

/** AMI id -> the reasons it is in use (one line each). */
export type ImageUsage = Map<string, string[]>;

interface TemplateRef {
  id?: string | undefined;
  name?: string | undefined;
  version?: string | undefined;
  /** Who refers to it, e.g. `ASG web-20261127`. */
  by: string;
}

function addUse(usage: ImageUsage, imageId: string | undefined, reason: string): void {
  if (!imageId?.startsWith('ami-')) return;
  const reasons = usage.get(imageId) ?? [];
  if (!reasons.includes(reason)) reasons.push(reason);
  usage.set(imageId, reasons);
}

/** A launch template whose versions could not be read: the AMIs it uses are unknown. */
export interface UsageProblem {
  template: string;
  /** Its node group (tag group=G, or the name hangar-G), when it has one. */
  group: string | undefined;
  error: string;
}

interface TemplateVersion {
  number: number | undefined;
  isDefault: boolean;
  imageId: string | undefined;
}

/** The group a launch template belongs to: its `group` tag, or hangar's own name `hangar-G`. */
function groupOfTemplate(t: {
  LaunchTemplateName?: string | undefined;
  Tags?: { Key?: string | undefined; Value?: string | undefined }[] | undefined;
}): string | undefined {
  return t.Tags?.find((tag) => tag.Key === 'group')?.Value ?? t.LaunchTemplateName?.match(/^hangar-(.+)$/)?.[1];
}

/** The versions of one template: those named, or every one (`versions` undefined). */
async function readVersions(
  ec2Sdk: typeof import('../aws/sdk-ec2.js'),
  ec2: import('@aws-sdk/client-ec2').EC2Client,
  templateId: string,
  versions: string[] | undefined,
  where: { signal: AbortSignal | undefined; region: string; endpoint: string | undefined },
): Promise<TemplateVersion[]> {
  return withAwsErrors(
    async () => {
      const out: TemplateVersion[] = [];
      const input = { LaunchTemplateId: templateId, ...(versions ? { Versions: versions } : {}) };
      for await (const page of ec2Sdk.paginateDescribeLaunchTemplateVersions({ client: ec2 }, input, sendOptions(where.signal))) {
        where.signal?.throwIfAborted();
        for (const v of page.LaunchTemplateVersions ?? []) {
          out.push({ number: v.VersionNumber, isDefault: Boolean(v.DefaultVersion), imageId: v.LaunchTemplateData?.ImageId });
        }
      }
      return out;
    },
    { call: 'DescribeLaunchTemplateVersions', region: where.region, endpoint: where.endpoint },
  );
}

/** Launch template references and launch configuration names of an ASG. */
export function referencesOf(group: AutoScalingGroup): { templates: TemplateRef[]; configuration: string | undefined } {
  const by = `ASG ${group.AutoScalingGroupName ?? '?'}`;
  const templates: TemplateRef[] = [];
  const push = (spec: { LaunchTemplateId?: string | undefined; LaunchTemplateName?: string | undefined; Version?: string | undefined } | undefined) => {
    if (spec && (spec.LaunchTemplateId || spec.LaunchTemplateName)) {
      templates.push({ id: spec.LaunchTemplateId, name: spec.LaunchTemplateName, version: spec.Version ?? '$Default', by });
    }
  };
  push(group.LaunchTemplate);
  const mixed = group.MixedInstancesPolicy?.LaunchTemplate;
  push(mixed?.LaunchTemplateSpecification);
  for (const override of mixed?.Overrides ?? []) push(override.LaunchTemplateSpecification);
  return { templates, configuration: group.LaunchConfigurationName };
}

/**
 * Every AMI in use in `region`: by an instance in any state but terminated, by a launch
 * template's $Default or $Latest version, or by an ASG (its launch template version, its
 * mixed instances policy, or its launch configuration).
 */
export async function findImagesInUse(
  aws: AwsTarget,
  region: string,
  signal?: AbortSignal,
  concurrency = 8,
  /** Filled with the launch templates whose versions could not be read (the rest is still complete). */
  problems?: UsageProblem[],
): Promise<ImageUsage> {
  const usage: ImageUsage = new Map();
  const { ec2, autoscaling, endpoint } = await awsClients(aws, region);
  const ec2Sdk = await import('../aws/sdk-ec2.js');
  const asgSdk = await import('../aws/sdk-auto-scaling.js');

  const instances = await listInstances(aws, region, { states: LIVE_STATES, signal });
  for (const instance of instances) {
    addUse(usage, instance.imageId, `instance ${instance.id} (${instance.state}${instance.group ? `, group ${instance.group}` : ''})`);
  }

  const groups = await withAwsErrors(
    async () => {
      const out: AutoScalingGroup[] = [];
      for await (const page of asgSdk.paginateDescribeAutoScalingGroups({ client: autoscaling, pageSize: 100 }, {}, sendOptions(signal))) {
        signal?.throwIfAborted();
        out.push(...(page.AutoScalingGroups ?? []));
      }
      return out;
    },
    { call: 'DescribeAutoScalingGroups', region, endpoint },
  );
  const refs = groups.map(referencesOf);

  const templates = await withAwsErrors(
    async () => {
      const out: { id: string; name: string; latest: number | undefined; default: number | undefined; group: string | undefined }[] = [];
      for await (const page of ec2Sdk.paginateDescribeLaunchTemplates({ client: ec2, pageSize: 200 }, {}, sendOptions(signal))) {
        signal?.throwIfAborted();
        for (const t of page.LaunchTemplates ?? []) {
          if (t.LaunchTemplateId) {
            out.push({
              id: t.LaunchTemplateId,
              name: t.LaunchTemplateName ?? '',
              latest: t.LatestVersionNumber,
              default: t.DefaultVersionNumber,
              group: groupOfTemplate(t),
            });
          }
        }
      }
      return out;
    },
    { call: 'DescribeLaunchTemplates', region, endpoint },
  );

  const limit = pLimit(concurrency);
  await Promise.all(
    templates.map((template) =>
      limit(async () => {
        const asgRefs = refs.flatMap((r) => r.templates).filter((r) => r.id === template.id || (r.id === undefined && r.name === template.name));
        const versions = new Set(['$Default', '$Latest', ...asgRefs.map((r) => r.version ?? '$Default')]);
        const label = `launch template ${template.name || template.id}`;
        let found: TemplateVersion[];
        try {
          found = await readVersions(ec2Sdk, ec2, template.id, [...versions], { signal, region, endpoint });
        } catch (error) {
          // A cancel ends it with the call's own "cancelled (DescribeLaunchTemplateVersions)" error.
          if (signal?.aborted) throw error;
          // One template's unreadable version (e.g. $Latest after its highest version was deleted) is that template's
          // problem: read every version instead, and if even that fails, report it against the template's own group.
          try {
            found = await readVersions(ec2Sdk, ec2, template.id, undefined, { signal, region, endpoint });
          } catch (again) {
            if (signal?.aborted) throw again;
            problems?.push({ template: template.name || template.id, group: template.group, error: messageOf(error) });
            return;
          }
        }
        const highest = found.reduce<TemplateVersion | undefined>((a, v) => (!a || (v.number ?? 0) > (a.number ?? 0) ? v : a), undefined);
        const resolve = (version: string) =>
          version === '$Latest'
            ? (found.find((v) => v.number === template.latest) ?? highest)
            : version === '$Default'
              ? (found.find((v) => v.isDefault) ?? found.find((v) => v.number === template.default))
              : found.find((v) => String(v.number) === version);
        const latest = resolve('$Latest');
        const deflt = resolve('$Default');
        addUse(usage, latest?.imageId, `${label} latest version ${latest?.number ?? '?'}`);
        addUse(usage, deflt?.imageId, `${label} default version ${deflt?.number ?? '?'}`);
        for (const ref of asgRefs) {
          const v = resolve(ref.version ?? '$Default');
          addUse(usage, v?.imageId, `${ref.by} (${label} version ${ref.version ?? '$Default'})`);
        }
      }),
    ),
  );

  const configurationNames = [...new Set(refs.map((r) => r.configuration).filter((n): n is string => Boolean(n)))];
  for (let i = 0; i < configurationNames.length; i += 50) {
    const names = configurationNames.slice(i, i + 50);
    await withAwsErrors(
      async () => {
        const pages = asgSdk.paginateDescribeLaunchConfigurations({ client: autoscaling }, { LaunchConfigurationNames: names }, sendOptions(signal));
        for await (const page of pages) {
          signal?.throwIfAborted();
          for (const lc of page.LaunchConfigurations ?? []) {
            for (const group of groups.filter((g) => g.LaunchConfigurationName === lc.LaunchConfigurationName)) {
              addUse(usage, lc.ImageId, `ASG ${group.AutoScalingGroupName} (launch configuration ${lc.LaunchConfigurationName})`);
            }
          }
        }
      },
      { call: 'DescribeLaunchConfigurations', region, endpoint },
    );
  }
  return usage;
}
