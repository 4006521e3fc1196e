// Actions of this area: sandbox:serve (the local EC2 + Auto Scaling endpoint, standalone) and sandbox:reset.
import { relative } from 'node:path';
import { formatCount } from '../format/plural.js';
import type { AnyAction } from './types.js';
import { defineAction } from './types.js';

const shownPath = (path: string) => relative(process.cwd(), path) || path;

export const sandboxServe = defineAction({
  name: 'sandbox:serve',
  summary: 'run the local EC2 + Auto Scaling sandbox endpoint until ctrl-c (state in .hangar/sandbox.json)',
  description:
    "Serves the EC2 (2016-11-15) and Auto Scaling (2011-01-01) query APIs on 127.0.0.1 for the calls hangar makes, with its state in .hangar/sandbox.json beside nodes.json (shared with `--sandbox` runs and other serve processes). Point any client at the printed URL: `hangar --endpoint URL ...`, `aws --endpoint-url URL ec2 describe-instances`, packer's `custom_endpoint_ec2`. HANGAR_SANDBOX_SPEED=N runs it N times faster (100: a hundred times faster, 0.5: half speed); HANGAR_SANDBOX_ADDRESS gives new instances that 127.x address, or one address each from a range such as 127.0.0.2-127.0.0.41 (the lowest one no live instance holds). Nothing reaches AWS.",
  groups: 'none',
  needsConfig: true,
  longRunning: true,
  flags: {
    port: { type: 'number', integer: true, min: 1, max: 65535, placeholder: 'N', description: 'port on 127.0.0.1 (default: a free one)' },
    verbose: { type: 'boolean', description: 'log every call (action, region, status)' },
  },
  async run(ctx, _groups, flags) {
    const { startSandbox, sandboxStateFile } = await import('../sandbox/index.js');
    const stateFile = sandboxStateFile(ctx.config.dir);
    const sandbox = await startSandbox({
      stateFile,
      config: ctx.config,
      port: flags.port ?? 0,
      verbose: Boolean(flags.verbose),
      log: (line) => (/UNKNOWN|internal error|sandbox:reset|refused/.test(line) ? ctx.emit.warn(line) : ctx.emit.log(line)),
    });
    try {
      ctx.emit.log(`SANDBOX: EC2 + Auto Scaling listening at ${sandbox.url} (state ${shownPath(stateFile)}); nothing reaches AWS`);
      ctx.emit.log(`use it with: hangar --endpoint ${sandbox.url} ... | aws --endpoint-url ${sandbox.url} ec2 describe-instances`);
      if (sandbox.stateProblem) ctx.emit.warn(`SANDBOX: ${sandbox.stateProblem}; until then every call answers this error`);
      ctx.emit.result({ url: sandbox.url, port: sandbox.port, stateFile });
      if (!ctx.signal.aborted) await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
    } finally {
      await sandbox.close();
      ctx.emit.log('SANDBOX: stopped');
    }
  },
});

export const sandboxReset = defineAction({
  name: 'sandbox:reset',
  summary: 'empty the local sandbox (.hangar/sandbox.json) and seed it again from nodes.json',
  description:
    'Removes every instance, image, snapshot, Auto Scaling group, launch template, key pair, security group and fault of the sandbox, then seeds it again: the source AMIs of nodes.json, a default VPC and subnets per zone, the security groups it names and the key pair hangar-sandbox. Says what it removed. Works whatever the state file holds: a broken one (not JSON, or not a sandbox state) is moved aside to .hangar/sandbox.json.broken-<stamp>, never deleted.',
  groups: 'none',
  needsConfig: true,
  flags: {},
  async run(ctx) {
    const { resetSandbox, sandboxStateFile } = await import('../sandbox/index.js');
    const stateFile = sandboxStateFile(ctx.config.dir);
    const { removed, movedAside } = await resetSandbox(stateFile, ctx.config);
    if (movedAside) ctx.emit.warn(`SANDBOX: the state file was broken; moved it aside to ${shownPath(movedAside)} (nothing deleted)`);
    const parts = Object.entries(removed)
      .filter(([, n]) => n > 0)
      .map(([what, n]) => formatCount(n, NOUNS[what] ?? what));
    ctx.emit.result(
      { stateFile, removed, movedAside },
      `SANDBOX reset (${shownPath(stateFile)}): ${movedAside ? `moved the broken file to ${shownPath(movedAside)}` : `removed ${parts.length > 0 ? parts.join(', ') : 'nothing'}`}; seeded again from nodes.json`,
    );
  },
});

/** What sandbox:reset counts, each as one of it is said. */
const NOUNS: Readonly<Record<string, string>> = {
  instances: 'instance',
  images: 'image',
  snapshots: 'snapshot',
  autoScalingGroups: 'Auto Scaling group',
  launchTemplates: 'launch template',
  keyPairs: 'key pair',
  securityGroups: 'security group',
  faults: 'fault',
};

export const sandboxActions: AnyAction[] = [sandboxServe, sandboxReset];
