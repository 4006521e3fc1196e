// The launch template `hangar-G` of a group: its data from the merged config, a new version per run/update, rollback.
import type { EC2Client, RequestLaunchTemplateData } from '@aws-sdk/client-ec2';
import type { GroupConfig } from '../config/index.js';
import { launchTemplateName } from './asg-settings.js';
import { sendOptions } from './clients.js';
import { awsErrorCode } from './errors.js';

/** Per-call options: the job's signal aborts the call (cleanup calls go without one, so they finish). */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

export interface LaunchTemplateRef {
  id: string;
  name: string;
  /** The version number this run created; ASGs pin it (never $Latest). */
  version: number;
  /** The template itself was created by this call (version 1). */
  createdTemplate: boolean;
}

/** Launch template data from the merged config: the AMI, instance type, key, security groups, profile, user data. */
export function launchTemplateData(merged: GroupConfig, imageId: string, userData: string): RequestLaunchTemplateData {
  const groups = merged.security_groups ?? [];
  const ids = groups.filter((g) => /^sg-[0-9a-f]+$/.test(g));
  const names = groups.filter((g) => !ids.includes(g));
  const profile = merged.iam_instance_profile;
  return {
    ImageId: imageId,
    ...(merged.instance_type ? { InstanceType: merged.instance_type as RequestLaunchTemplateData['InstanceType'] } : {}),
    ...(merged.key_name ? { KeyName: merged.key_name } : {}),
    ...(ids.length > 0 ? { SecurityGroupIds: ids } : {}),
    ...(names.length > 0 ? { SecurityGroups: names } : {}),
    ...(profile ? { IamInstanceProfile: profile.startsWith('arn:') ? { Arn: profile } : { Name: profile } } : {}),
    UserData: Buffer.from(userData, 'utf8').toString('base64'),
  };
}

/** Adds a version to `hangar-G` (creating the template on first use) and returns its number. */
export async function createLaunchTemplateVersion(
  ec2: EC2Client,
  group: string,
  data: RequestLaunchTemplateData,
  description: string,
  options: CallOptions = {},
): Promise<LaunchTemplateRef> {
  const { CreateLaunchTemplateCommand, CreateLaunchTemplateVersionCommand } = await import('./sdk-ec2.js');
  const name = launchTemplateName(group);
  const send = sendOptions(options.signal);
  const addVersion = async (): Promise<LaunchTemplateRef> => {
    const out = await ec2.send(
      new CreateLaunchTemplateVersionCommand({ LaunchTemplateName: name, LaunchTemplateData: data, VersionDescription: description }),
      send,
    );
    const v = out.LaunchTemplateVersion;
    return { id: v?.LaunchTemplateId ?? '', name, version: Number(v?.VersionNumber), createdTemplate: false };
  };
  try {
    return await addVersion();
  } catch (error) {
    if (!/NotFound/i.test(awsErrorCode(error) ?? '')) throw error;
  }
  try {
    const out = await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: name,
        LaunchTemplateData: data,
        VersionDescription: description,
        TagSpecifications: [{ ResourceType: 'launch-template', Tags: [{ Key: 'group', Value: group }] }],
      }),
      send,
    );
    const t = out.LaunchTemplate;
    return { id: t?.LaunchTemplateId ?? '', name, version: Number(t?.LatestVersionNumber ?? 1), createdTemplate: true };
  } catch (error) {
    // Someone created it between our two calls: add a version to theirs.
    if (/AlreadyExists/i.test(awsErrorCode(error) ?? '')) return addVersion();
    throw error;
  }
}

/** Undoes createLaunchTemplateVersion: deletes the version, or the whole template when this run created it. */
export async function deleteLaunchTemplateVersion(ec2: EC2Client, ref: LaunchTemplateRef, options: CallOptions = {}): Promise<void> {
  const { DeleteLaunchTemplateCommand, DeleteLaunchTemplateVersionsCommand } = await import('./sdk-ec2.js');
  const send = sendOptions(options.signal);
  if (ref.createdTemplate) {
    await ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: ref.id }), send);
    return;
  }
  const out = await ec2.send(new DeleteLaunchTemplateVersionsCommand({ LaunchTemplateId: ref.id, Versions: [String(ref.version)] }), send);
  const failed = out.UnsuccessfullyDeletedLaunchTemplateVersions?.[0];
  if (failed) throw new Error(`cannot delete ${ref.name} version ${ref.version}: ${failed.ResponseError?.Message ?? failed.ResponseError?.Code}`);
}

/** Makes `ref.version` the template's default, so the default is the version in service. */
export async function setDefaultLaunchTemplateVersion(ec2: EC2Client, ref: LaunchTemplateRef, options: CallOptions = {}): Promise<void> {
  const { ModifyLaunchTemplateCommand } = await import('./sdk-ec2.js');
  await ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: ref.id, DefaultVersion: String(ref.version) }), sendOptions(options.signal));
}

/** The AMI of each `templateId:version` asked (for status); unknown ones are left out. */
export async function launchTemplateImages(
  ec2: EC2Client,
  refs: readonly { id: string; version: string }[],
  options: CallOptions = {},
): Promise<Map<string, string>> {
  const { DescribeLaunchTemplateVersionsCommand } = await import('./sdk-ec2.js');
  const images = new Map<string, string>();
  const byTemplate = new Map<string, Set<string>>();
  for (const { id, version } of refs) byTemplate.set(id, (byTemplate.get(id) ?? new Set()).add(version));
  for (const [id, versions] of byTemplate) {
    try {
      const out = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: [...versions] }), sendOptions(options.signal));
      for (const v of out.LaunchTemplateVersions ?? []) {
        if (v.LaunchTemplateData?.ImageId) images.set(`${id}:${v.VersionNumber}`, v.LaunchTemplateData.ImageId);
      }
    } catch {
      // A deleted template or version: status shows the AMI as unknown. A cancel is no such thing.
      options.signal?.throwIfAborted();
    }
  }
  return images;
}

/** What a launch template version launches (its LaunchTemplateData). */
export interface TemplateVersionData {
  imageId: string | undefined;
  instanceType: string | undefined;
}

/**
 * The data of each `templateId:version` asked, one DescribeLaunchTemplateVersions per template (numbers, `$Latest`
 * and `$Default` alike, keyed as asked); `unreadable` names the templates whose versions could not be read.
 */
export async function launchTemplateVersionData(
  ec2: EC2Client,
  refs: readonly { id: string; version: string }[],
  options: CallOptions = {},
): Promise<{ data: Map<string, TemplateVersionData>; unreadable: { id: string; error: unknown }[] }> {
  const { DescribeLaunchTemplateVersionsCommand } = await import('./sdk-ec2.js');
  const data = new Map<string, TemplateVersionData>();
  const unreadable: { id: string; error: unknown }[] = [];
  const byTemplate = new Map<string, Set<string>>();
  for (const { id, version } of refs) byTemplate.set(id, (byTemplate.get(id) ?? new Set()).add(version));
  for (const [id, versions] of byTemplate) {
    try {
      const out = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: [...versions] }), sendOptions(options.signal));
      const found = out.LaunchTemplateVersions ?? [];
      const latest = Math.max(...found.map((v) => v.VersionNumber ?? 0));
      for (const v of found) {
        const value = { imageId: v.LaunchTemplateData?.ImageId, instanceType: v.LaunchTemplateData?.InstanceType };
        data.set(`${id}:${v.VersionNumber}`, value);
        if (v.DefaultVersion) data.set(`${id}:$Default`, value);
        if (versions.has('$Latest') && v.VersionNumber === latest) data.set(`${id}:$Latest`, value);
      }
    } catch (error) {
      options.signal?.throwIfAborted();
      unreadable.push({ id, error });
    }
  }
  return { data, unreadable };
}
