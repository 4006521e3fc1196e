// Finding records by id or name in a region, with the AWS not-found errors.
import { apiError, invalidParameter } from '../api-error.js';
import type { ImageRecord, InstanceRecord, LaunchTemplateRecord, LaunchTemplateVersionRecord, SandboxState } from './types.js';

export function findImage(state: SandboxState, region: string, id: string): ImageRecord {
  const image = state.images.find((i) => i.id === id && i.region === region);
  if (!image) throw apiError('InvalidAMIID.NotFound', `The image id '[${id}]' does not exist`);
  return image;
}

export function findInstance(state: SandboxState, region: string, id: string): InstanceRecord {
  const instance = state.instances.find((i) => i.id === id && i.region === region);
  if (!instance) throw apiError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
  return instance;
}

/** Every instance of `ids`, or InvalidInstanceID.NotFound naming the missing ones. */
export function findInstances(state: SandboxState, region: string, ids: readonly string[]): InstanceRecord[] {
  const missing = ids.filter((id) => !state.instances.some((i) => i.id === id && i.region === region));
  if (missing.length > 0) {
    throw apiError(
      'InvalidInstanceID.NotFound',
      `The instance ID${missing.length > 1 ? 's' : ''} '${missing.join(', ')}' do${missing.length > 1 ? '' : 'es'} not exist`,
    );
  }
  return ids.map((id) => state.instances.find((i) => i.id === id && i.region === region)!);
}

export function findLaunchTemplate(
  state: SandboxState,
  region: string,
  ref: { LaunchTemplateId?: string | undefined; LaunchTemplateName?: string | undefined },
): LaunchTemplateRecord {
  if (!ref.LaunchTemplateId && !ref.LaunchTemplateName) throw apiError('MissingParameter', 'A launch template ID or name must be specified.');
  const template = state.launchTemplates.find(
    (t) => t.region === region && (ref.LaunchTemplateId ? t.id === ref.LaunchTemplateId : t.name === ref.LaunchTemplateName),
  );
  if (template) return template;
  if (ref.LaunchTemplateId) {
    throw apiError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${ref.LaunchTemplateId}, does not exist.`);
  }
  throw apiError('InvalidLaunchTemplateName.NotFoundException', `The specified launch template, with template name ${ref.LaunchTemplateName}, does not exist.`);
}

/** `$Latest`, `$Default` or a number (default: `$Default`). */
export function resolveVersion(template: LaunchTemplateRecord, version: string | undefined): LaunchTemplateVersionRecord {
  const wanted = version === undefined || version === '$Default' ? template.defaultVersion : version === '$Latest' ? template.latestVersion : Number(version);
  if (!Number.isInteger(wanted)) throw invalidParameter(`Invalid launch template version: ${version}`);
  const found = template.versions.find((v) => v.number === wanted);
  if (!found) {
    throw apiError('InvalidLaunchTemplateId.VersionNotFound', `Could not find launch template version ${version} for launch template ${template.id}.`);
  }
  return found;
}
