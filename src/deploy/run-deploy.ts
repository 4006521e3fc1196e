// instance:deploy end to end: flags + settings -> targets from EC2 -> deployHosts.
import { findChefRepo, hasChefRepo } from '../chef/repo.js';
import type { JobContext } from '../jobs/context.js';
import { usageError } from '../errors.js';
import { deployHosts } from './deploy-hosts.js';
import type { HostResult } from './fan-out.js';
import { withConnectionReuse } from './control-path.js';
import { resolveSshOptions } from './ssh-options.js';
import { discoverTargets } from './targets.js';
import { formatCount } from '../format/plural.js';

export interface DeployFlags {
  concurrency: number;
  key?: string | undefined;
  command?: string | undefined;
  public?: boolean | undefined;
  port?: number | undefined;
  'max-failures'?: number | undefined;
  timeout?: number | undefined;
  'dry-run'?: boolean | undefined;
  'no-sync'?: boolean | undefined;
  canary?: number | undefined;
  'canary-pause'?: number | undefined;
}

export async function runDeploy(ctx: JobContext, groups: string[], flags: DeployFlags): Promise<HostResult[]> {
  const { config } = ctx;
  const remoteCommand = flags.command ?? config.settings.provision_command;
  if (!remoteCommand.trim()) throw usageError('deploy.command', '--command is empty');
  if (flags.timeout !== undefined && !(flags.timeout > 0)) throw usageError('deploy.timeout', `--timeout must be more than 0 seconds, got ${flags.timeout}`);
  if (flags['canary-pause'] !== undefined && !flags.canary) throw usageError('deploy.canary', '--canary-pause waits after a canary: give --canary K too');
  const simulated = ctx.backends.simulated;
  const options = resolveSshOptions(config.settings, config.dir, { key: flags.key, port: flags.port });
  // No ssh runs in the sandbox; a dry run shows the reuse options without creating their folder.
  const ssh = simulated ? options : withConnectionReuse(options, ctx.emit, !flags['dry-run']);

  ctx.emit.step(`finding running instances of ${groups.join(', ')}`);
  const found = await discoverTargets(ctx.backends.aws, config, { groups, public: Boolean(flags.public), signal: ctx.signal });
  if (found.length === 0) {
    ctx.emit.warn(`no running instances in ${groups.join(', ')}: nothing to deploy`);
    ctx.emit.result({ simulated, hosts: [] }, 'no hosts');
    return [];
  }
  // The chef repo ships first, in the same ssh connection, unless --no-sync or the project has none.
  // The bundle code (and the templates behind it) loads only when there is a repo to ship.
  const ships = !flags['no-sync'] && hasChefRepo(findChefRepo(config.dir, config.settings.paths));
  const { targets, summary } = ships ? (await import('./sync-plan.js')).attachSync(config, found) : { targets: found, summary: undefined };
  if (summary)
    ctx.emit.log(
      `chef repo ${summary.repoHash} (${formatCount(summary.files, 'file')}) goes to ${config.settings.chef.repo_path}/current on each host whose copy differs, before the provision command`,
    );
  else
    ctx.emit.log(flags['no-sync'] ? "--no-sync: the nodes' chef repo copies are left as they are" : 'no chef repo folder in the project: nothing is shipped');
  if (flags['dry-run']) {
    const { buildSshCommand } = await import('./command.js');
    const { describeCommand } = await import('../process/command.js');
    const { SYNC_SCRIPT_PLACEHOLDER, buildRemoteCommand } = await import('./sync-script.js');
    for (const target of targets) {
      const scope = { group: target.group, source: target.instanceId };
      const sync = target.sync && {
        repoPath: target.sync.repoPath,
        configPath: target.sync.configPath,
        bundleHash: target.sync.bundle.bundleHash,
        sudo: target.sync.sudo,
      };
      if (!target.address) ctx.emit.warn('no address of that kind: would fail', scope);
      else {
        const host = { address: target.address, user: target.user };
        ctx.emit.log(describeCommand(buildSshCommand(host, ssh, buildRemoteCommand(remoteCommand, sync, SYNC_SCRIPT_PLACEHOLDER))), scope);
        if (sync) ctx.emit.debug(describeCommand(buildSshCommand(host, ssh, buildRemoteCommand(remoteCommand, sync))), scope);
      }
    }
    const staged = flags.canary && flags.canary < targets.length ? `a canary of ${flags.canary} first, then the rest ` : '';
    ctx.emit.result(
      { dryRun: true, hosts: targets },
      `dry run: ${formatCount(targets.length, 'host')} would be provisioned, ${staged}${flags.concurrency} at a time`,
    );
    return [];
  }
  return deployHosts(ctx, {
    targets,
    ssh,
    remoteCommand,
    concurrency: flags.concurrency,
    maxFailures: flags['max-failures'],
    timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
    hostRunner: ctx.backends.hostRunner,
    simulated,
    addressKind: flags.public ? 'public' : 'private',
    canary: flags.canary,
    canaryPauseMs: flags['canary-pause'] === undefined ? undefined : flags['canary-pause'] * 1000,
  });
}
