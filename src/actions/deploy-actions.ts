// Actions of this area: instance:deploy: re-provision running nodes over ssh, N at a time.
import type { AnyAction } from './types.js';
import { defineAction } from './types.js';
import { RANGES } from './flag-values.js';
import { previewDeploy } from './previews.js';

export const instanceDeploy = defineAction({
  name: 'instance:deploy',
  summary: 're-run the provision command (chef-solo) over ssh on the running nodes of G, N at a time',
  description:
    "Finds the running instances of the groups (every group when none is named: then it asks first) and, in one ssh connection per host, first brings the node's chef repo copy (__settings__.chef.repo_path) up to date when it differs from the project (cookbooks, roles, data bags, environments and the node's dna, as a tar into a new folder switched in by a rename; --no-sync skips it), then runs the provision command over ssh (the system OpenSSH client, so ~/.ssh/config, the agent and ProxyJump apply), at most N at once, the next starting as soon as one ends. " +
    "It logs in as the group's ssh_username, with BatchMode, accept-new host keys and __settings__.ssh (key, port, known_hosts, bastion, connect_timeout), to the private address unless --public. " +
    "It reuses ssh connections (OpenSSH ControlMaster=auto): a host's connection stays open __settings__.ssh.control_persist seconds (default 60, 0 turns reuse off) after its run, so a deploy within that window skips the handshake; the sockets live in a private 0700 folder ($XDG_RUNTIME_DIR/hangar-ssh, else <tmpdir>/hangar-ssh-<uid>). " +
    "With reuse on, it also connects ahead (__settings__.ssh.connect_ahead, default true): while N hosts run, the next N hosts' ssh runs start, log in and wait at a gate (a LocalCommand) until their turn, so a freed slot starts its command at once; a login that fails ends that host with ssh's message. " +
    "Each host's output streams live, prefixed with its group and instance id; a table of host, group, exit code, duration and, when the repo ships, whether each host's copy was updated or already current ends the run, which exits 1 when any host failed. " +
    'With --canary K the first K hosts run first as one batch (a stage of its own in the table); only when all K succeed does the rest go on, after --canary-pause S seconds; a failed canary exits 1 and says how many hosts were left untouched. ' +
    'ctrl-c stops the running ssh processes, starts no more, and the table says which hosts did not run. In the sandbox (--sandbox) the provision run is simulated.',
  groups: 'all-by-default',
  destructive: ({ allGroups }) => allGroups,
  destructiveWhen: 'when no group is named (every group)',
  requires: ['region', 'ssh_username'],
  usesAws: true,
  locks: (flags) => (flags['dry-run'] ? undefined : 'groups'),
  flags: {
    concurrency: { type: 'number', short: 'n', integer: true, min: 1, max: 1000, default: 10, placeholder: 'N', description: 'hosts provisioned at once' },
    command: { type: 'string', placeholder: 'CMD', description: 'remote provision command (default: __settings__.provision_command)' },
    key: { type: 'string', placeholder: 'PATH', description: "ssh private key (default: __settings__.ssh.key, else ssh's own)" },
    public: { type: 'boolean', description: 'connect to public addresses instead of private ones' },
    port: { type: 'number', ...RANGES.port, placeholder: 'PORT', description: "ssh port (default: __settings__.ssh.port, else ssh's own)" },
    'max-failures': {
      type: 'number',
      integer: true,
      min: 1,
      max: 1_000_000,
      placeholder: 'K',
      description: 'start no new host after K failures (default: never stop)',
    },
    timeout: { type: 'number', ...RANGES.seconds, min: 1, placeholder: 'SECONDS', description: "kill a host's ssh after S seconds (default: no limit)" },
    'dry-run': { type: 'boolean', description: 'list the hosts and the ssh command for each; run nothing' },
    'no-sync': { type: 'boolean', description: 'do not ship the chef repo (cookbooks, roles, data bags, dna) first; run the provision command only' },
    canary: {
      type: 'number',
      integer: true,
      min: 1,
      max: 1_000_000,
      placeholder: 'K',
      description: 'provision K hosts first as one batch; the rest (N at a time) only when all K succeeded',
    },
    'canary-pause': {
      type: 'number',
      ...RANGES.seconds,
      min: 0,
      placeholder: 'SECONDS',
      description: 'with --canary: wait S seconds after a good canary before the rest (health time)',
    },
  },
  preview: previewDeploy,
  async run(ctx, groups, flags) {
    const { runDeploy } = await import('../deploy/run-deploy.js');
    await runDeploy(ctx, groups, flags);
  },
});

export const deployActions: AnyAction[] = [instanceDeploy];
