// EC2 and Auto Scaling clients, one per region, loaded lazily: local actions never load the SDK.
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

const cache = new Map<string, Promise<AwsClients>>();

/** Clients for `region`, pointed at the target's endpoint when set; adaptive retries. */
export function awsClients(target: AwsTarget, region: string): Promise<AwsClients> {
  const key = `${region} ${target.endpoint ?? ''} ${target.credentials?.accessKeyId ?? ''}`;
  let clients = cache.get(key);
  if (!clients) {
    clients = createClients(target, region);
    cache.set(key, clients);
  }
  return clients;
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

async function createClients(target: AwsTarget, region: string): Promise<AwsClients> {
  const [{ EC2Client }, { AutoScalingClient }] = await Promise.all([import('./sdk-ec2.js'), import('./sdk-auto-scaling.js')]);
  const ec2 = createClient(EC2Client, 'ec2', target, region);
  const autoscaling = createClient(AutoScalingClient, 'autoscaling', target, region);
  return { ec2, autoscaling, region, endpoint: target.endpoint };
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
  cache.clear();
}
