// zod schemas for a node group and for __settings__, and the types they give.
import { z } from 'zod';

export const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const nonEmpty = z.string().min(1);
const stringList = z.array(nonEmpty);
const count = z.number().int().min(0);
const seconds = z.number().positive();

/** A URL path (and optional query): `/` then RFC 3986 path characters or %XX; no whitespace or control characters. */
export const STATUS_PATH = /^\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

export const serviceSchema = z.object({
  port: z.number().int().min(1).max(65535),
  /** Path of the status endpoint, e.g. `/status`; the service registers only once it answers 2xx. */
  status: z.string().regex(STATUS_PATH, 'expected a URL path such as /status (a "/" then URL path characters, no spaces or control characters)').optional(),
});

export const autoscaleSchema = z.object({
  node_min: count.optional(),
  node_max: count.optional(),
  desired: count.optional(),
  timeout: seconds.optional(),
  health_check_grace: count.optional(),
  drain_timeout: z.number().min(0).optional(),
  target_group_arns: stringList.optional(),
  /** autoscale:update brings the new ASG up with this many instances first (0: no canary); --canary overrides. */
  canary: count.optional(),
  /** Target-tracking scaling on the group's average CPU, in percent. */
  target_cpu: z.number().gt(0).max(100).optional(),
  /** Target-tracking scaling on ALB requests per target (needs target_group_arns). */
  target_requests_per_target: z.number().positive().optional(),
});

/** Every key a group (or __base__) may set; all optional in the file. */
export const groupShape = {
  description: z.string(),
  type: nonEmpty,
  region: nonEmpty,
  instance_type: nonEmpty,
  source_ami: z.string().regex(/^ami-[0-9a-f]{8,17}$/, 'an AMI id like ami-1ebb2077'),
  ssh_username: nonEmpty,
  security_groups: stringList,
  subnets: stringList,
  availability_zones: stringList,
  key_name: nonEmpty,
  iam_instance_profile: nonEmpty,
  tags: z.record(z.string(), z.string()),
  autoscale: z.union([z.literal(false), autoscaleSchema]),
  packer: z.union([z.literal(false), z.record(z.string(), z.unknown())]),
  default_attributes: z.record(z.string(), z.unknown()),
  override_attributes: z.record(z.string(), z.unknown()),
  run_list: stringList,
  post_run_list: stringList,
  services: z.record(z.string(), serviceSchema),
  depends_on: stringList,
} as const;

export const groupSchema = z.object(groupShape).partial();
export type GroupConfig = z.infer<typeof groupSchema>;
export type AutoscaleConfig = z.infer<typeof autoscaleSchema>;
export type ServiceConfig = z.infer<typeof serviceSchema>;

/** Values a group gets when neither it nor __base__ sets the key (shown with origin `default`). */
export const GROUP_DEFAULTS = { ssh_username: 'ubuntu' } as const;

/** A node-side absolute path: only characters that need no quoting in a shell, a Ruby string or JSON. */
const nodePath = z.string().regex(/^\/[A-Za-z0-9._/-]*$/, 'an absolute path of letters, digits, ".", "_", "-" and "/"');

/** Where the chef repo lives on nodes and how chef is installed when an image is built. */
export const chefSettingsSchema = z
  .object({
    /** The node's copy of the chef repo (`<repo_path>/current`). */
    repo_path: nodePath.default('/var/chef'),
    /** solo.rb and dna.json on the node. */
    config_path: nodePath.default('/etc/chef'),
    /** Run the repo sync with `sudo -n` when the login user is not root. */
    sudo: z.boolean().default(true),
    /** packer chef-solo provisioner: pinned Chef version, or a whole install command (e.g. Cinc's). */
    version: nonEmpty.optional(),
    install_command: nonEmpty.optional(),
    execute_command: nonEmpty.optional(),
  })
  .prefault({});

/** The provision command when __settings__.provision_command is unset: chef-solo with the node's solo.rb and dna. */
export function defaultProvisionCommand(configPath: string): string {
  return configPath === '/etc/chef' ? 'sudo chef-solo -j /etc/chef/dna.json' : `sudo chef-solo -c ${configPath}/solo.rb -j ${configPath}/dna.json`;
}

export const settingsSchema = z
  .object({
    /** The cookbook whose recipes are services: `recipe[<cookbook>::<service>]`. */
    service_cookbook: nonEmpty.default('seatgeek-service'),
    /**
     * Folders relative to the folder of nodes.json: where generated files go (roles, packer, dna)
     * and what chef reads (cookbooks, data_bags, environments). Each must stay inside the project,
     * apart from the others and from .hangar (checked in paths.ts).
     */
    paths: z
      .object({
        roles: nonEmpty.default('roles'),
        packer: nonEmpty.default('packer'),
        dna: nonEmpty.default('dna'),
        cookbooks: z.union([nonEmpty, z.array(nonEmpty).min(1)]).default(['cookbooks']),
        data_bags: nonEmpty.default('data_bags'),
        environments: nonEmpty.default('environments'),
      })
      .prefault({}),
    /** The command that provisions a node (deploy and agent); default from chef.config_path. */
    provision_command: nonEmpty.optional(),
    chef: chefSettingsSchema,
    registry: z
      .object({
        endpoints: stringList.optional(),
        prefix: nonEmpty.default('/hangar'),
        ttl: z.number().int().min(1).default(10),
        ca: nonEmpty.optional(),
        cert: nonEmpty.optional(),
        key: nonEmpty.optional(),
        user: nonEmpty.optional(),
      })
      .prefault({}),
    ssh: z
      .object({
        key: nonEmpty.optional(),
        bastion: nonEmpty.optional(),
        known_hosts: nonEmpty.optional(),
        connect_timeout: z.number().int().min(1).default(10),
        port: z.number().int().min(1).max(65535).optional(),
        // Seconds an idle ssh connection stays open for the next deploy to reuse (ansible's default is 60); 0: no reuse.
        control_persist: z.number().int().min(0).max(86_400).default(60),
        // While N hosts run, start the next N hosts' runs: they log in and wait for their turn (needs control_persist above 0); false: each run starts on its turn.
        connect_ahead: z.boolean().default(true),
      })
      .prefault({}),
  })
  .transform((settings) => ({ ...settings, provision_command: settings.provision_command ?? defaultProvisionCommand(settings.chef.config_path) }));
export type Settings = z.output<typeof settingsSchema>;
