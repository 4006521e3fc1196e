// The node's instance id and address: --instance-id/--host, else the instance metadata service (IMDSv2).
import { HangarError, usageError } from '../../errors.js';
import { check, hostSchema, nameSchema } from '../entry-schema.js';

const DEFAULT_IMDS = 'http://169.254.169.254';
const TIMEOUT_MS = 2_000;

export interface NodeIdentity {
  instance: string;
  host: string;
}

/** IMDSv2: PUT /latest/api/token, then GET the metadata with the token. HANGAR_IMDS_URL overrides the base URL. */
async function fetchMetadata(base: string, paths: string[], signal?: AbortSignal): Promise<string[]> {
  const timeout = () => AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), ...(signal ? [signal] : [])]);
  const tokenResponse = await fetch(`${base}/latest/api/token`, {
    method: 'PUT',
    headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' },
    signal: timeout(),
  });
  if (!tokenResponse.ok) throw new Error(`token request answered ${tokenResponse.status}`);
  const token = await tokenResponse.text();
  const values: string[] = [];
  for (const path of paths) {
    const response = await fetch(`${base}/latest/meta-data/${path}`, { headers: { 'X-aws-ec2-metadata-token': token }, signal: timeout() });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    values.push((await response.text()).trim());
  }
  return values;
}

export async function resolveIdentity(
  given: { instance?: string | undefined; host?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
  signal?: AbortSignal,
): Promise<NodeIdentity> {
  // What the flags say is checked first (bad usage, exit 2); what the metadata service says, as it arrives (exit 1).
  const flagged = problemOf({ instance: given.instance, host: given.host }, ['--instance-id', '--host']);
  if (flagged) throw usageError('usage.flag', `agent: ${flagged}`);
  if (given.instance && given.host) return { instance: given.instance, host: given.host };
  const base = (env.HANGAR_IMDS_URL || DEFAULT_IMDS).replace(/\/+$/, '');
  let identity: NodeIdentity;
  try {
    const [instance, host] = await fetchMetadata(base, ['instance-id', 'local-ipv4'], signal);
    identity = { instance: given.instance ?? instance!, host: given.host ?? host! };
  } catch (error) {
    throw new HangarError('agent.identity', `cannot read the instance id and address from the metadata service at ${base}: ${(error as Error).message}`, {
      cause: error,
      hint: 'off EC2, pass --instance-id ID and --host ADDRESS',
    });
  }
  const answered = problemOf(identity, ['instance id', 'local-ipv4']);
  if (answered)
    throw new HangarError('agent.identity', `the metadata service at ${base} answered an unusable ${answered}`, {
      hint: 'pass --instance-id ID and --host ADDRESS',
    });
  return identity;
}

/** The first value that could not be registered (what a registry reader would refuse), as `host: ...`. */
function problemOf(identity: { instance?: string | undefined; host?: string | undefined }, [instanceLabel, hostLabel]: [string, string]): string | undefined {
  const instance = identity.instance === undefined ? undefined : check(nameSchema, identity.instance);
  if (instance && !instance.ok) return `${instanceLabel} ${instance.problem.replace(/^value: /, '')}`;
  const host = identity.host === undefined ? undefined : check(hostSchema, identity.host);
  if (host && !host.ok) return `${hostLabel} ${host.problem.replace(/^value: /, '')}`;
  return undefined;
}
