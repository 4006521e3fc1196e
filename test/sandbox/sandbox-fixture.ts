// A sandbox on a free port in a temp folder, and real SDK clients pointed at it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { loadConfig } from '../../src/config/index.js';
import { type RunningSandbox, type StartSandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { ROOT } from '../helpers/project.js';

export interface Fixture {
  sandbox: RunningSandbox;
  dir: string;
  ec2: EC2Client;
  asg: AutoScalingClient;
  logs: string[];
  close(): Promise<void>;
}

export function clientsFor(url: string, region = 'us-east-1', maxAttempts = 3) {
  const common = {
    region,
    endpoint: url,
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    retryMode: 'adaptive' as const,
    maxAttempts,
  };
  return { ec2: new EC2Client(common), asg: new AutoScalingClient(common) };
}

/** Starts a sandbox seeded from the example nodes.json, speed 0.01 unless told. */
export async function startFixture(options: Partial<StartSandboxOptions> = {}): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-sandbox-'));
  const logs: string[] = [];
  const sandbox = await startSandbox({
    stateFile: join(dir, '.hangar', 'sandbox.json'),
    config: loadConfig(join(ROOT, 'nodes.json')),
    speed: 0.01,
    log: (line) => logs.push(line),
    ...options,
  });
  const { ec2, asg } = clientsFor(sandbox.url);
  return {
    sandbox,
    dir,
    ec2,
    asg,
    logs,
    async close() {
      ec2.destroy();
      asg.destroy();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
