// The node's instance id and address: --instance-id/--host, else the instance metadata service (IMDSv2).
import { HangarError } from '../../errors.js';

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
  if (given.instance && given.host) return { instance: given.instance, host: given.host };
  const base = (env.HANGAR_IMDS_URL || DEFAULT_IMDS).replace(/\/+$/, '');
  try {
    const [instance, host] = await fetchMetadata(base, ['instance-id', 'local-ipv4'], signal);
    return { instance: given.instance ?? instance!, host: given.host ?? host! };
  } catch (error) {
    throw new HangarError('agent.identity', `cannot read the instance id and address from the metadata service at ${base}: ${(error as Error).message}`, {
      cause: error,
      hint: 'off EC2, pass --instance-id ID and --host ADDRESS',
    });
  }
}
