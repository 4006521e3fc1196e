// The sandbox's backends: the local endpoint with fixed credentials, a simulated packer build and provision run, a derived registry.
import type { AwsTarget } from '../../aws/target.js';
import { type Backends, explainAwsError } from '../../backends.js';

/** The sandbox's AWS target: it checks no signature (no credentials are looked up) and has no load balancers. */
export function sandboxAwsTarget(endpoint: string | undefined): AwsTarget {
  return { endpoint, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' }, loadBalancers: false };
}

/** Every backend pointed at the sandbox at `endpoint`; the simulators load on first use. */
export function sandboxBackends(endpoint: string | undefined): Backends {
  const aws = sandboxAwsTarget(endpoint);
  return {
    aws,
    simulated: true,
    localOnly: true,
    targetWords: ['--sandbox'],
    explainError: explainAwsError,
    buildImage: async (input, io) => (await import('./packer-build.js')).simulatedBuilder(aws)(input, io),
    hostRunner: (job) => {
      let runner: Promise<ReturnType<typeof import('./host-runner.js').simulatedHostRunner>> | undefined;
      return async (command, options) => {
        runner ??= import('./host-runner.js').then((m) => m.simulatedHostRunner(job));
        return (await runner)(command, options);
      };
    },
    openRegistry: async (config, extra) => (await import('./registry.js')).sandboxRegistryOpener(aws)(config, extra),
  };
}
