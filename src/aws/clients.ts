// EC2 and Auto Scaling clients, one per region, loaded lazily: local actions never load the SDK.
import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { GlobalOptions } from '../actions/types.js';

export interface AwsClients {
  ec2: EC2Client;
  autoscaling: AutoScalingClient;
  region: string;
  endpoint: string | undefined;
}

const cache = new Map<string, Promise<AwsClients>>();

/** Clients for `region`, pointed at --endpoint / AWS_ENDPOINT_URL / the sandbox when set; adaptive retries. */
export function awsClients(options: GlobalOptions, region: string): Promise<AwsClients> {
  const key = `${region} ${options.endpoint ?? ''} ${options.sandbox}`;
  let clients = cache.get(key);
  if (!clients) {
    clients = createClients(options, region);
    cache.set(key, clients);
  }
  return clients;
}

async function createClients(options: GlobalOptions, region: string): Promise<AwsClients> {
  const [{ EC2Client }, { AutoScalingClient }] = await Promise.all([
    import('@aws-sdk/client-ec2'),
    import('@aws-sdk/client-auto-scaling'),
  ]);
  const common = {
    region,
    retryMode: 'adaptive' as const,
    maxAttempts: 8,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    // The sandbox checks no signature: it needs no real credentials, and none are looked up.
    ...(options.sandbox ? { credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } } : {}),
  };
  return { ec2: new EC2Client(common), autoscaling: new AutoScalingClient(common), region, endpoint: options.endpoint };
}

/** Drops cached clients (tests that change endpoints). */
export function resetAwsClients(): void {
  cache.clear();
}
