// EC2 launch template calls: create, versions, default version, describe, delete.
import type * as EC2 from '@aws-sdk/client-ec2';
import { apiError, missingParameter } from '../api-error.js';
import { type HandlerTable, type RequestContext, handler } from '../context.js';
import { applyFilters, tagFields, tagList, tagsFromSpecifications } from '../filters.js';
import { newId } from '../ids.js';
import { paginate } from '../paginate.js';
import { findLaunchTemplate, resolveVersion } from '../state/lookup.js';
import type { LaunchTemplateRecord, LaunchTemplateVersionRecord } from '../state/types.js';
import { SANDBOX_ACCOUNT } from '../state/types.js';

const CREATED_BY = `arn:aws:iam::${SANDBOX_ACCOUNT}:user/sandbox`;

function toTemplate(t: LaunchTemplateRecord): EC2.LaunchTemplate {
  return {
    LaunchTemplateId: t.id,
    LaunchTemplateName: t.name,
    CreateTime: new Date(t.createdAt),
    CreatedBy: CREATED_BY,
    DefaultVersionNumber: t.defaultVersion,
    LatestVersionNumber: t.latestVersion,
    Tags: Object.keys(t.tags).length > 0 ? tagList(t.tags) : undefined,
  };
}

function toVersion(t: LaunchTemplateRecord, v: LaunchTemplateVersionRecord): EC2.LaunchTemplateVersion {
  return {
    LaunchTemplateId: t.id,
    LaunchTemplateName: t.name,
    VersionNumber: v.number,
    VersionDescription: v.description,
    CreateTime: new Date(v.createdAt),
    CreatedBy: CREATED_BY,
    DefaultVersion: v.number === t.defaultVersion,
    LaunchTemplateData: v.data as EC2.ResponseLaunchTemplateData,
  };
}

function checkName(ctx: RequestContext, name: string | undefined): string {
  if (!name) throw missingParameter('LaunchTemplateName');
  if (!/^[a-zA-Z0-9().\-/_]{3,128}$/.test(name)) {
    throw apiError('InvalidLaunchTemplateName.MalformedException', `The launch template name ${name} is malformed: 3 to 128 of a-z A-Z 0-9 ( ) . - / _`);
  }
  if (ctx.state.launchTemplates.some((t) => t.region === ctx.region && t.name === name)) {
    throw apiError('InvalidLaunchTemplateName.AlreadyExistsException', `Launch template name already in use.`);
  }
  return name;
}

export const launchTemplateHandlers: HandlerTable = {
  CreateLaunchTemplate: handler<EC2.CreateLaunchTemplateRequest, EC2.CreateLaunchTemplateResult>((ctx, input) => {
    const name = checkName(ctx, input.LaunchTemplateName);
    if (!input.LaunchTemplateData) throw missingParameter('LaunchTemplateData');
    const template: LaunchTemplateRecord = {
      id: newId('lt'),
      region: ctx.region,
      name,
      createdAt: ctx.clock.now,
      defaultVersion: 1,
      latestVersion: 1,
      versions: [{ number: 1, description: input.VersionDescription, createdAt: ctx.clock.now, data: input.LaunchTemplateData as Record<string, unknown> }],
      tags: tagsFromSpecifications(input.TagSpecifications, 'launch-template'),
    };
    ctx.state.launchTemplates.push(template);
    return { LaunchTemplate: toTemplate(template) };
  }),

  CreateLaunchTemplateVersion: handler<EC2.CreateLaunchTemplateVersionRequest, EC2.CreateLaunchTemplateVersionResult>((ctx, input) => {
    const template = findLaunchTemplate(ctx.state, ctx.region, input);
    if (!input.LaunchTemplateData) throw missingParameter('LaunchTemplateData');
    // With SourceVersion the new version starts from that one's data; the request's keys replace its keys.
    const base = input.SourceVersion ? resolveVersion(template, input.SourceVersion).data : {};
    const version: LaunchTemplateVersionRecord = {
      number: template.latestVersion + 1,
      description: input.VersionDescription,
      createdAt: ctx.clock.now,
      data: { ...base, ...(input.LaunchTemplateData as Record<string, unknown>) },
    };
    template.versions.push(version);
    template.latestVersion = version.number;
    return { LaunchTemplateVersion: toVersion(template, version) };
  }),

  ModifyLaunchTemplate: handler<EC2.ModifyLaunchTemplateRequest, EC2.ModifyLaunchTemplateResult>((ctx, input) => {
    const template = findLaunchTemplate(ctx.state, ctx.region, input);
    if (input.DefaultVersion !== undefined) template.defaultVersion = resolveVersion(template, input.DefaultVersion).number;
    return { LaunchTemplate: toTemplate(template) };
  }),

  DescribeLaunchTemplates: handler<EC2.DescribeLaunchTemplatesRequest, EC2.DescribeLaunchTemplatesResult>((ctx, input) => {
    let templates = ctx.state.launchTemplates.filter((t) => t.region === ctx.region);
    const ids = input.LaunchTemplateIds ?? [];
    const names = input.LaunchTemplateNames ?? [];
    if (ids.length || names.length) {
      const missing = [...ids.filter((id) => !templates.some((t) => t.id === id)), ...names.filter((n) => !templates.some((t) => t.name === n))];
      if (missing.length > 0) {
        throw apiError(
          ids.length ? 'InvalidLaunchTemplateId.NotFound' : 'InvalidLaunchTemplateName.NotFoundException',
          'At least one of the launch templates specified in the request does not exist.',
        );
      }
      templates = templates.filter((t) => ids.includes(t.id) || names.includes(t.name));
    }
    templates = applyFilters(templates, input.Filters, (t, name) => {
      if (name === 'launch-template-name') return [t.name];
      if (name === 'create-time') return [new Date(t.createdAt).toISOString()];
      return tagFields(t.tags, name);
    });
    const page = paginate(templates, input.MaxResults, input.NextToken, { min: 1, max: 200 });
    return { LaunchTemplates: page.items.map(toTemplate), NextToken: page.nextToken };
  }),

  DescribeLaunchTemplateVersions: handler<EC2.DescribeLaunchTemplateVersionsRequest, EC2.DescribeLaunchTemplateVersionsResult>((ctx, input) => {
    const templates =
      input.LaunchTemplateId || input.LaunchTemplateName
        ? [findLaunchTemplate(ctx.state, ctx.region, input)]
        : ctx.state.launchTemplates.filter((t) => t.region === ctx.region);
    let rows = templates.flatMap((t) => {
      const versions = input.Versions?.length ? input.Versions.map((v) => resolveVersion(t, v)) : t.versions;
      return versions
        .filter((v) => (input.MinVersion ? v.number >= Number(input.MinVersion) : true) && (input.MaxVersion ? v.number <= Number(input.MaxVersion) : true))
        .map((v) => ({ t, v }));
    });
    rows = applyFilters(rows, input.Filters, ({ t, v }, name) => {
      if (name === 'is-default-version') return [String(v.number === t.defaultVersion)];
      if (name === 'image-id') return [v.data.ImageId as string | undefined];
      if (name === 'instance-type') return [v.data.InstanceType as string | undefined];
      return undefined;
    });
    const page = paginate(rows, input.MaxResults, input.NextToken, { min: 1, max: 200 });
    return { LaunchTemplateVersions: page.items.map(({ t, v }) => toVersion(t, v)), NextToken: page.nextToken };
  }),

  DeleteLaunchTemplate: handler<EC2.DeleteLaunchTemplateRequest, EC2.DeleteLaunchTemplateResult>((ctx, input) => {
    const template = findLaunchTemplate(ctx.state, ctx.region, input);
    ctx.state.launchTemplates = ctx.state.launchTemplates.filter((t) => t !== template);
    return { LaunchTemplate: toTemplate(template) };
  }),

  DeleteLaunchTemplateVersions: handler<EC2.DeleteLaunchTemplateVersionsRequest, EC2.DeleteLaunchTemplateVersionsResult>((ctx, input) => {
    const template = findLaunchTemplate(ctx.state, ctx.region, input);
    const ok: EC2.DeleteLaunchTemplateVersionsResponseSuccessItem[] = [];
    const failed: EC2.DeleteLaunchTemplateVersionsResponseErrorItem[] = [];
    for (const wanted of input.Versions ?? []) {
      const number = Number(wanted);
      const ref = { LaunchTemplateId: template.id, LaunchTemplateName: template.name, VersionNumber: number };
      if (number === template.defaultVersion) {
        failed.push({ ...ref, ResponseError: { Code: 'unexpectedError', Message: 'Cannot delete the default version of a launch template.' } });
      } else if (!template.versions.some((v) => v.number === number)) {
        failed.push({ ...ref, ResponseError: { Code: 'launchTemplateVersionDoesNotExist', Message: `Version ${wanted} does not exist.` } });
      } else {
        template.versions = template.versions.filter((v) => v.number !== number);
        ok.push(ref);
      }
    }
    // As on AWS: once the highest version is deleted, LatestVersionNumber and `$Latest` are the highest remaining one
    // (the default version can never be deleted, so one always remains).
    template.latestVersion = Math.max(...template.versions.map((v) => v.number));
    return { SuccessfullyDeletedLaunchTemplateVersions: ok, UnsuccessfullyDeletedLaunchTemplateVersions: failed };
  }),
};
