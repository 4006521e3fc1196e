// EC2 security group and key pair calls: Describe/Create/Delete SecurityGroup(s), AuthorizeSecurityGroupIngress, key pairs.
import { createHash, generateKeyPairSync } from 'node:crypto';
import type * as EC2 from '@aws-sdk/client-ec2';
import { apiError, missingParameter } from '../api-error.js';
import { type HandlerTable, type RequestContext, handler } from '../context.js';
import { applyFilters, tagFields, tagsFromSpecifications, withTags } from '../filters.js';
import { newFingerprint, newId } from '../ids.js';
import { paginate } from '../paginate.js';
import { ensureRegion } from '../state/seed.js';
import type { KeyPairRecord, SecurityGroupRecord } from '../state/types.js';
import { SANDBOX_ACCOUNT } from '../state/types.js';

function findGroup(ctx: RequestContext, id: string | undefined, name: string | undefined): SecurityGroupRecord {
  const group = ctx.state.securityGroups.find((g) => g.region === ctx.region && (id ? g.id === id : g.name === name));
  if (!group) throw apiError('InvalidGroup.NotFound', `The security group '${id ?? name}' does not exist`);
  return group;
}

function findKeyPair(ctx: RequestContext, name: string | undefined, id?: string): KeyPairRecord | undefined {
  return ctx.state.keyPairs.find((k) => k.region === ctx.region && (id ? k.id === id : k.name === name));
}

function toKeyPairInfo(key: KeyPairRecord): EC2.KeyPairInfo {
  return {
    KeyPairId: key.id,
    KeyName: key.name,
    KeyFingerprint: key.fingerprint,
    KeyType: key.keyType as 'rsa',
    CreateTime: new Date(key.createdAt),
    Tags: withTags(key.tags),
  };
}

export const accessHandlers: HandlerTable = {
  DescribeSecurityGroups: handler<EC2.DescribeSecurityGroupsRequest, EC2.DescribeSecurityGroupsResult>((ctx, input) => {
    let groups = ctx.state.securityGroups.filter((g) => g.region === ctx.region);
    if (input.GroupIds?.length) groups = input.GroupIds.map((id) => findGroup(ctx, id, undefined));
    if (input.GroupNames?.length) groups = input.GroupNames.map((name) => findGroup(ctx, undefined, name));
    groups = applyFilters(groups, input.Filters, (g, name) => {
      if (name === 'group-id') return [g.id];
      if (name === 'group-name') return [g.name];
      if (name === 'vpc-id') return [g.vpcId];
      if (name === 'description') return [g.description];
      return tagFields(g.tags, name);
    });
    const page = paginate(groups, input.MaxResults, input.NextToken);
    return {
      SecurityGroups: page.items.map((g) => ({
        GroupId: g.id,
        GroupName: g.name,
        Description: g.description,
        VpcId: g.vpcId,
        OwnerId: SANDBOX_ACCOUNT,
        IpPermissions: g.ingress as EC2.IpPermission[],
        IpPermissionsEgress: g.egress as EC2.IpPermission[],
        Tags: withTags(g.tags),
      })),
      NextToken: page.nextToken,
    };
  }),

  CreateSecurityGroup: handler<EC2.CreateSecurityGroupRequest, EC2.CreateSecurityGroupResult>((ctx, input) => {
    ensureRegion(ctx.state, ctx.region, ctx.clock.now);
    if (!input.GroupName) throw missingParameter('GroupName');
    if (!input.Description) throw missingParameter('GroupDescription');
    const vpc = ctx.state.vpcs.find((v) => v.region === ctx.region && (input.VpcId ? v.id === input.VpcId : true));
    if (!vpc) throw apiError('InvalidVpcID.NotFound', `The vpc ID '${input.VpcId}' does not exist`);
    if (ctx.state.securityGroups.some((g) => g.region === ctx.region && g.name === input.GroupName && g.vpcId === vpc.id)) {
      throw apiError('InvalidGroup.Duplicate', `The security group '${input.GroupName}' already exists for VPC '${vpc.id}'`);
    }
    const group: SecurityGroupRecord = {
      id: newId('sg'),
      region: ctx.region,
      name: input.GroupName,
      description: input.Description,
      vpcId: vpc.id,
      ingress: [],
      egress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      tags: tagsFromSpecifications(input.TagSpecifications, 'security-group'),
    };
    ctx.state.securityGroups.push(group);
    return { GroupId: group.id, Tags: withTags(group.tags) };
  }),

  AuthorizeSecurityGroupIngress: handler<EC2.AuthorizeSecurityGroupIngressRequest, EC2.AuthorizeSecurityGroupIngressResult>((ctx, input) => {
    const group = findGroup(ctx, input.GroupId, input.GroupName);
    const permissions: EC2.IpPermission[] = input.IpPermissions?.length
      ? input.IpPermissions
      : [{ IpProtocol: input.IpProtocol ?? 'tcp', FromPort: input.FromPort, ToPort: input.ToPort, IpRanges: input.CidrIp ? [{ CidrIp: input.CidrIp }] : [] }];
    const key = (p: unknown) => JSON.stringify(p);
    for (const permission of permissions) {
      if (group.ingress.some((existing) => key(existing) === key(permission))) {
        throw apiError(
          'InvalidPermission.Duplicate',
          `the specified rule "peer: ${permission.IpRanges?.[0]?.CidrIp ?? 'any'}, ${permission.IpProtocol}" already exists`,
        );
      }
      group.ingress.push(permission);
    }
    return { Return: true };
  }),

  DeleteSecurityGroup: handler<EC2.DeleteSecurityGroupRequest, EC2.DeleteSecurityGroupResult>((ctx, input) => {
    const group = findGroup(ctx, input.GroupId, input.GroupName);
    if (group.name === 'default') throw apiError('CannotDelete', 'the specified group: "default" name: "default" cannot be deleted by a user');
    const user = ctx.state.instances.find((i) => i.state !== 'terminated' && i.securityGroupIds.includes(group.id));
    if (user) throw apiError('DependencyViolation', `resource ${group.id} has a dependent object`);
    ctx.state.securityGroups = ctx.state.securityGroups.filter((g) => g !== group);
    return { Return: true, GroupId: group.id };
  }),

  DescribeKeyPairs: handler<EC2.DescribeKeyPairsRequest, EC2.DescribeKeyPairsResult>((ctx, input) => {
    let keys = ctx.state.keyPairs.filter((k) => k.region === ctx.region);
    for (const name of input.KeyNames ?? []) {
      if (!findKeyPair(ctx, name)) throw apiError('InvalidKeyPair.NotFound', `The key pair '${name}' does not exist`);
    }
    if (input.KeyNames?.length) keys = keys.filter((k) => input.KeyNames!.includes(k.name));
    if (input.KeyPairIds?.length) keys = keys.filter((k) => input.KeyPairIds!.includes(k.id));
    keys = applyFilters(keys, input.Filters, (k, name) => {
      if (name === 'key-name') return [k.name];
      if (name === 'key-pair-id') return [k.id];
      if (name === 'fingerprint') return [k.fingerprint];
      return tagFields(k.tags, name);
    });
    return { KeyPairs: keys.map(toKeyPairInfo) };
  }),

  ImportKeyPair: handler<EC2.ImportKeyPairRequest, EC2.ImportKeyPairResult>((ctx, input) => {
    ensureRegion(ctx.state, ctx.region, ctx.clock.now);
    if (!input.KeyName) throw missingParameter('KeyName');
    if (findKeyPair(ctx, input.KeyName)) throw apiError('InvalidKeyPair.Duplicate', `The keypair '${input.KeyName}' already exists.`);
    const material = String(input.PublicKeyMaterial ?? '');
    const publicKey = /^(ssh-|ecdsa-)/.test(material) ? material : Buffer.from(material, 'base64').toString('utf8');
    const fingerprint = createHash('md5').update(publicKey).digest('hex').match(/../g)!.join(':');
    const key: KeyPairRecord = {
      id: newId('key'),
      region: ctx.region,
      name: input.KeyName,
      fingerprint,
      keyType: publicKey.startsWith('ssh-ed25519') ? 'ed25519' : 'rsa',
      publicKey,
      createdAt: ctx.clock.now,
      tags: tagsFromSpecifications(input.TagSpecifications, 'key-pair'),
    };
    ctx.state.keyPairs.push(key);
    return { KeyName: key.name, KeyFingerprint: key.fingerprint, KeyPairId: key.id, Tags: withTags(key.tags) };
  }),

  CreateKeyPair: handler<EC2.CreateKeyPairRequest, EC2.KeyPair>((ctx, input) => {
    ensureRegion(ctx.state, ctx.region, ctx.clock.now);
    if (!input.KeyName) throw missingParameter('KeyName');
    if (findKeyPair(ctx, input.KeyName)) throw apiError('InvalidKeyPair.Duplicate', `The keypair '${input.KeyName}' already exists.`);
    const type = input.KeyType === 'ed25519' ? 'ed25519' : 'rsa';
    // A real key, so a client that writes it out and hands it to ssh gets a valid file; the sandbox keeps only the public half.
    const pair =
      type === 'ed25519'
        ? generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
        : generateKeyPairSync('rsa', {
            modulusLength: 2048,
            privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
            publicKeyEncoding: { type: 'spki', format: 'pem' },
          });
    const key: KeyPairRecord = {
      id: newId('key'),
      region: ctx.region,
      name: input.KeyName,
      fingerprint: newFingerprint(),
      keyType: type,
      publicKey: pair.publicKey,
      createdAt: ctx.clock.now,
      tags: tagsFromSpecifications(input.TagSpecifications, 'key-pair'),
    };
    ctx.state.keyPairs.push(key);
    return { KeyName: key.name, KeyFingerprint: key.fingerprint, KeyMaterial: pair.privateKey, KeyPairId: key.id, Tags: withTags(key.tags) };
  }),

  DeleteKeyPair: handler<EC2.DeleteKeyPairRequest, EC2.DeleteKeyPairResult>((ctx, input) => {
    // Like AWS: deleting a key pair that does not exist succeeds.
    const key = findKeyPair(ctx, input.KeyName, input.KeyPairId);
    if (key) ctx.state.keyPairs = ctx.state.keyPairs.filter((k) => k !== key);
    return { Return: true, KeyPairId: key?.id };
  }),
};
