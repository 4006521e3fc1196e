// EC2 and Auto Scaling clients, one of each per region, each SDK loaded lazily and only when asked for: local actions never load the SDK, EC2-only actions never load Auto Scaling.
import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { type AwsCallContext, CALL_CONTEXT } from './errors.js';
import type { AwsTarget } from './target.js';

export interface AwsClients {
  ec2: EC2Client;
  autoscaling: AutoScalingClient;
  region: string;
  endpoint: string | undefined;
}

/** EC2 alone: most actions need no Auto Scaling, and then its SDK is not loaded (about 8 ms of CPU at start). */
export type Ec2Clients = Omit<AwsClients, 'autoscaling'>;
/** Auto Scaling alone (autoscale:status): the EC2 SDK is not loaded. */
export type AutoScalingClients = Omit<AwsClients, 'ec2'>;

const ec2Cache = new Map<string, Promise<EC2Client>>();
const autoScalingCache = new Map<string, Promise<AutoScalingClient>>();

const keyOf = (target: AwsTarget, region: string): string => `${region} ${target.endpoint ?? ''} ${target.credentials?.accessKeyId ?? ''}`;

function cached<C>(cache: Map<string, Promise<C>>, key: string, create: () => Promise<C>): Promise<C> {
  let client = cache.get(key);
  if (!client) {
    client = create();
    cache.set(key, client);
  }
  return client;
}

const ec2Of = (target: AwsTarget, region: string): Promise<EC2Client> =>
  cached(ec2Cache, keyOf(target, region), async () => createClient((await import('./sdk-ec2.js')).EC2Client, 'ec2', target, region));
const autoScalingOf = (target: AwsTarget, region: string): Promise<AutoScalingClient> =>
  cached(autoScalingCache, keyOf(target, region), async () =>
    createClient((await import('./sdk-auto-scaling.js')).AutoScalingClient, 'autoscaling', target, region),
  );

/** Clients for `region` (one of each per region, endpoint and key), pointed at the target's endpoint when set; adaptive retries. */
export async function awsClients(target: AwsTarget, region: string): Promise<AwsClients> {
  const [ec2, autoscaling] = await Promise.all([ec2Of(target, region), autoScalingOf(target, region)]);
  return { ec2, autoscaling, region, endpoint: target.endpoint };
}

/** The EC2 client alone (see Ec2Clients). */
export async function ec2Clients(target: AwsTarget, region: string): Promise<Ec2Clients> {
  return { ec2: await ec2Of(target, region), region, endpoint: target.endpoint };
}

/** The Auto Scaling client alone (see AutoScalingClients). */
export async function autoScalingClients(target: AwsTarget, region: string): Promise<AutoScalingClients> {
  return { autoscaling: await autoScalingOf(target, region), region, endpoint: target.endpoint };
}

/** The settings every client shares: region, endpoint, credentials, adaptive retries (HANGAR_AWS_MAX_ATTEMPTS). */
export function clientConfig(target: AwsTarget, region: string) {
  // The pinned SDK warns on stderr about Node 20 support ending in future releases: noise in every command's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return {
    region,
    retryMode: 'adaptive' as const,
    // HANGAR_AWS_MAX_ATTEMPTS: fewer retries (tests, scripts that prefer failing fast) or more.
    maxAttempts: Number(process.env.HANGAR_AWS_MAX_ATTEMPTS) >= 1 ? Number(process.env.HANGAR_AWS_MAX_ATTEMPTS) : 8,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    // A stand-in that checks no signature needs no real credentials, and none are looked up.
    ...(target.credentials ? { credentials: target.credentials } : {}),
  };
}

/** Builds one SDK client with the shared settings and the call-context middleware (`service` names the default endpoint). */
export function createClient<C extends StackOwner>(
  Client: new (config: ReturnType<typeof clientConfig>) => C,
  service: string,
  target: AwsTarget,
  region: string,
): C {
  const client = new Client(clientConfig(target, region));
  recordCallContext(client, target.endpoint ?? `https://${service}.${region}.amazonaws.com`, region);
  return client;
}

type StackOwner = { middlewareStack: { add(middleware: unknown, options: { step: 'initialize'; name: string }): void } };

/** Tags every error a client throws with its call, endpoint and region, so explainAwsError can name them. */
function recordCallContext(client: StackOwner, endpoint: string, region: string): void {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (error) {
        if (error && typeof error === 'object' && !(CALL_CONTEXT in error)) {
          const call = context.commandName?.replace(/Command$/, '');
          Object.defineProperty(error, CALL_CONTEXT, { value: { call, endpoint, region } satisfies AwsCallContext, enumerable: false });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'hangarCallContext' },
  );
}

/**
 * The per-call options carrying the job's AbortSignal: `client.send(command, sendOptions(signal))`, and a
 * paginator's third argument (@smithy/core's createPaginator passes it to every page's send). The SDK then
 * aborts the HTTP request in flight and the retry backoff and adaptive rate-limit waits between attempts.
 */
export function sendOptions(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal ? { abortSignal: signal } : {};
}

/** Drops cached clients (tests that change endpoints). */
export function resetAwsClients(): void {
  ec2Cache.clear();
  autoScalingCache.clear();
}
