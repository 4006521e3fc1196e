// EC2 instance calls: RunInstances, DescribeInstances, DescribeInstanceStatus, Terminate/Stop/StartInstances.
import type * as EC2 from '@aws-sdk/client-ec2';
import { apiError } from '../api-error.js';
import { type HandlerTable, type RequestContext, handler } from '../context.js';
import { applyFilters, tagsFromSpecifications } from '../filters.js';
import { paginate } from '../paginate.js';
import { findInstances, findLaunchTemplate, resolveVersion } from '../state/lookup.js';
import type { InstanceRecord, InstanceStateName, Tags } from '../state/types.js';
import { SANDBOX_ACCOUNT } from '../state/types.js';
import { instanceFields, stateOf, toInstance, toInstanceStatus } from './instance-shape.js';
import { checkCount } from '../limits.js';
import { type LaunchSpec, instanceHeadroom, instanceLimitExceeded, launchInstances } from './launch.js';

type TemplateData = EC2.RequestLaunchTemplateData;

/** Merges the launch template's data (if any) under the request's own parameters. */
export function launchSpecOf(ctx: RequestContext, input: EC2.RunInstancesRequest): LaunchSpec {
  let data: TemplateData = {};
  let launchTemplate: LaunchSpec['launchTemplate'];
  if (input.LaunchTemplate) {
    const template = findLaunchTemplate(ctx.state, ctx.region, input.LaunchTemplate);
    const version = resolveVersion(template, input.LaunchTemplate.Version);
    data = version.data as TemplateData;
    launchTemplate = { id: template.id, name: template.name, version: String(version.number) };
  }
  const networkInterface = input.NetworkInterfaces?.[0] ?? data.NetworkInterfaces?.[0];
  const tags: Tags = {
    ...tagsFromSpecifications(data.TagSpecifications, 'instance'),
    ...tagsFromSpecifications(input.TagSpecifications, 'instance'),
  };
  if (launchTemplate) {
    tags['aws:ec2launchtemplate:id'] = launchTemplate.id;
    tags['aws:ec2launchtemplate:version'] = launchTemplate.version;
  }
  const profile = input.IamInstanceProfile ?? data.IamInstanceProfile;
  return {
    imageId: input.ImageId ?? data.ImageId,
    instanceType: input.InstanceType ?? data.InstanceType,
    keyName: input.KeyName ?? data.KeyName,
    securityGroupIds: input.SecurityGroupIds ?? networkInterface?.Groups ?? data.SecurityGroupIds,
    securityGroupNames: input.SecurityGroups ?? data.SecurityGroups,
    subnetId: input.SubnetId ?? networkInterface?.SubnetId,
    zone: input.Placement?.AvailabilityZone ?? data.Placement?.AvailabilityZone,
    userData: input.UserData ?? data.UserData,
    iamInstanceProfile: profile?.Arn ?? profile?.Name,
    clientToken: input.ClientToken,
    tags,
    count: launchCount(ctx, input),
    launchTemplate,
  };
}

/**
 * How many to launch, as EC2 decides it: MinCount <= MaxCount, both >= 1; as many as the instance limit
 * allows up to MaxCount, and none at all (InstanceLimitExceeded) when even MinCount does not fit.
 */
function launchCount(ctx: RequestContext, input: EC2.RunInstancesRequest): number {
  const min = input.MinCount ?? input.MaxCount ?? 1;
  const max = input.MaxCount ?? min;
  checkCount('ec2', 'MinCount', min, 1, Number.MAX_SAFE_INTEGER);
  checkCount('ec2', 'MaxCount', max, 1, Number.MAX_SAFE_INTEGER);
  if (min > max) throw apiError('InvalidParameterValue', `Value (${min}) for parameter minCount is invalid. Must be less than or equal to maxCount (${max}).`);
  const headroom = instanceHeadroom(ctx.state, ctx.region);
  if (min > headroom) throw instanceLimitExceeded(min);
  return Math.min(max, headroom);
}

function reservationOf(ctx: RequestContext, instances: InstanceRecord[]): EC2.Reservation {
  return {
    ReservationId: instances[0]?.reservationId,
    OwnerId: SANDBOX_ACCOUNT,
    Groups: [],
    Instances: instances.map((record, index) => toInstance(ctx.state, record, index)),
  };
}

function transition(ctx: RequestContext, ids: string[] | undefined, to: InstanceStateName, allowed: (from: InstanceStateName) => boolean) {
  const records = findInstances(ctx.state, ctx.region, ids ?? []);
  return records.map((record) => {
    const previous = record.state;
    if (allowed(previous) && previous !== to) {
      record.state = to;
      record.stateAt = ctx.clock.now;
      if (to === 'shutting-down' || to === 'stopping') {
        record.stateReason = `User initiated (${new Date(ctx.clock.now).toISOString()})`;
      }
    }
    return { InstanceId: record.id, PreviousState: stateOf(previous), CurrentState: stateOf(record.state) };
  });
}

export const instanceHandlers: HandlerTable = {
  RunInstances: handler<EC2.RunInstancesRequest, EC2.Reservation>((ctx, input) => {
    if (input.ClientToken) {
      const previous = ctx.state.instances.filter((i) => i.region === ctx.region && i.clientToken === input.ClientToken);
      if (previous.length > 0) return reservationOf(ctx, previous);
    }
    return reservationOf(ctx, launchInstances(ctx, launchSpecOf(ctx, input)));
  }),

  DescribeInstances: handler<EC2.DescribeInstancesRequest, EC2.DescribeInstancesResult>((ctx, input) => {
    let records = ctx.state.instances.filter((i) => i.region === ctx.region);
    if (input.InstanceIds?.length) records = findInstances(ctx.state, ctx.region, input.InstanceIds);
    records = applyFilters(records, input.Filters, instanceFields);
    const page = paginate(records, input.MaxResults, input.NextToken);
    const byReservation = new Map<string, InstanceRecord[]>();
    for (const record of page.items) byReservation.set(record.reservationId, [...(byReservation.get(record.reservationId) ?? []), record]);
    return { Reservations: [...byReservation.values()].map((group) => reservationOf(ctx, group)), NextToken: page.nextToken };
  }),

  DescribeInstanceStatus: handler<EC2.DescribeInstanceStatusRequest, EC2.DescribeInstanceStatusResult>((ctx, input) => {
    let records = ctx.state.instances.filter((i) => i.region === ctx.region);
    if (input.InstanceIds?.length) records = findInstances(ctx.state, ctx.region, input.InstanceIds);
    if (!input.IncludeAllInstances) records = records.filter((r) => r.state === 'running');
    const statuses = records.map((record) => toInstanceStatus(record, ctx.clock));
    const filtered = applyFilters(statuses, input.Filters, (status, name) => {
      if (name === 'availability-zone') return [status.AvailabilityZone];
      if (name === 'instance-state-name') return [status.InstanceState?.Name];
      if (name === 'instance-state-code') return [String(status.InstanceState?.Code)];
      if (name === 'instance-status.status') return [status.InstanceStatus?.Status];
      if (name === 'system-status.status') return [status.SystemStatus?.Status];
      return undefined;
    });
    const page = paginate(filtered, input.MaxResults, input.NextToken);
    return { InstanceStatuses: page.items, NextToken: page.nextToken };
  }),

  TerminateInstances: handler<EC2.TerminateInstancesRequest, EC2.TerminateInstancesResult>((ctx, input) => ({
    TerminatingInstances: transition(ctx, input.InstanceIds, 'shutting-down', (from) => from !== 'terminated'),
  })),

  StopInstances: handler<EC2.StopInstancesRequest, EC2.StopInstancesResult>((ctx, input) => {
    const records = findInstances(ctx.state, ctx.region, input.InstanceIds ?? []);
    const bad = records.find((r) => r.state === 'terminated' || r.state === 'shutting-down');
    if (bad) throw apiError('IncorrectInstanceState', `This instance '${bad.id}' is not in a state from which it can be stopped.`);
    return { StoppingInstances: transition(ctx, input.InstanceIds, 'stopping', (from) => from === 'running' || from === 'pending') };
  }),

  StartInstances: handler<EC2.StartInstancesRequest, EC2.StartInstancesResult>((ctx, input) => {
    const records = findInstances(ctx.state, ctx.region, input.InstanceIds ?? []);
    const bad = records.find((r) => r.state !== 'stopped' && r.state !== 'running' && r.state !== 'pending');
    if (bad) throw apiError('IncorrectInstanceState', `The instance '${bad.id}' is not in a state from which it can be started.`);
    return { StartingInstances: transition(ctx, input.InstanceIds, 'pending', (from) => from === 'stopped') };
  }),
};
