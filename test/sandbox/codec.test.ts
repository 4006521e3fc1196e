// The schema-driven codec: query params in (EC2 and awsQuery styles), XML out with the SDK's element names.
import * as ASG from '@aws-sdk/client-auto-scaling';
import * as EC2 from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { decodeQuery } from '../../src/sandbox/protocol/query-decode.js';
import { encodeError, encodeResponse } from '../../src/sandbox/protocol/xml-encode.js';

const inputOf = (op: unknown) => (op as unknown[])[4];
const outputOf = (op: unknown) => (op as unknown[])[5];

describe('decodeQuery', () => {
  it('reads EC2 flattened lists, nested structures, numbers and booleans by ec2QueryName', () => {
    const params = new URLSearchParams(
      'Action=RunInstances&ImageId=ami-1&MinCount=2&MaxCount=3&SecurityGroupId.1=sg-a&SecurityGroupId.2=sg-b' +
        '&Placement.AvailabilityZone=us-east-1b&TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=group' +
        '&TagSpecification.1.Tag.1.Value=www&EbsOptimized=true&LaunchTemplate.LaunchTemplateName=lt&LaunchTemplate.Version=%24Latest',
    );
    expect(decodeQuery(inputOf(EC2.RunInstances$), params, 'ec2')).toEqual({
      ImageId: 'ami-1',
      MinCount: 2,
      MaxCount: 3,
      SecurityGroupIds: ['sg-a', 'sg-b'],
      Placement: { AvailabilityZone: 'us-east-1b' },
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'group', Value: 'www' }] }],
      EbsOptimized: true,
      LaunchTemplate: { LaunchTemplateName: 'lt', Version: '$Latest' },
    });
    const filters = new URLSearchParams(
      'Filter.1.Name=tag%3Agroup&Filter.1.Value.1=a&Filter.1.Value.2=b&Filter.2.Name=instance-state-name&Filter.2.Value.1=running&MaxResults=5',
    );
    expect(decodeQuery(inputOf(EC2.DescribeInstances$), filters, 'ec2')).toEqual({
      Filters: [
        { Name: 'tag:group', Values: ['a', 'b'] },
        { Name: 'instance-state-name', Values: ['running'] },
      ],
      MaxResults: 5,
    });
  });

  it('reads awsQuery `.member.N` lists', () => {
    const params = new URLSearchParams(
      'AutoScalingGroupNames.member.1=a&AutoScalingGroupNames.member.2=b&Filters.member.1.Name=tag-key&Filters.member.1.Values.member.1=group&MaxRecords=10',
    );
    expect(decodeQuery(inputOf(ASG.DescribeAutoScalingGroups$), params, 'query')).toEqual({
      AutoScalingGroupNames: ['a', 'b'],
      Filters: [{ Name: 'tag-key', Values: ['group'] }],
      MaxRecords: 10,
    });
  });
});

describe('encodeResponse / encodeError', () => {
  it('writes EC2 lowerCamel names, <item> lists and requestId under the Response root', () => {
    const xml = encodeResponse(
      'ec2',
      'DescribeInstances',
      outputOf(EC2.DescribeInstances$),
      { Reservations: [{ ReservationId: 'r-1', Instances: [{ InstanceId: 'i-1', State: { Code: 16, Name: 'running' } }] }] },
      'req-1',
    );
    expect(xml).toContain('<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId>');
    expect(xml).toContain('<reservationSet><item><reservationId>r-1</reservationId><instancesSet><item><instanceId>i-1</instanceId>');
    expect(xml).toContain('<instanceState><code>16</code><name>running</name></instanceState>');
  });

  it('writes Auto Scaling results under {Action}Result with <member> lists', () => {
    const xml = encodeResponse(
      'query',
      'DescribeAutoScalingGroups',
      outputOf(ASG.DescribeAutoScalingGroups$),
      { AutoScalingGroups: [{ AutoScalingGroupName: 'g', MinSize: 0, Tags: [] }] },
      'req-2',
    );
    expect(xml).toContain(
      '<DescribeAutoScalingGroupsResult><AutoScalingGroups><member><AutoScalingGroupName>g</AutoScalingGroupName><MinSize>0</MinSize><Tags></Tags></member></AutoScalingGroups></DescribeAutoScalingGroupsResult>',
    );
    expect(xml).toContain('<ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata>');
  });

  it('escapes text and shapes errors per protocol', () => {
    expect(encodeError('ec2', 'InvalidParameterValue', 'a < b & c', 'r')).toContain(
      '<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>a &lt; b &amp; c</Message></Error></Errors><RequestID>r</RequestID></Response>',
    );
    expect(encodeError('query', 'AlreadyExists', 'dup', 'r')).toContain(
      '<Error><Type>Sender</Type><Code>AlreadyExists</Code><Message>dup</Message></Error><RequestId>r</RequestId>',
    );
  });
});
