// What the drift judgement reads: per group its config facts, its stale files and what AWS and the registry hold, gathered once.
import type { FileKind, FileStatus } from '../generate/index.js';
import type { ServiceEntry } from '../registry/types.js';

/** An AMI of the group (DescribeImages: ImageId, CreationDate, State, tags `hangar:config` and `hangar:chef`). */
export interface ImageFact {
  id: string;
  /** ISO 8601. */
  createdAt: string;
  state: string;
  configHash: string | undefined;
  chefHash: string | undefined;
}

/** An ASG of the group (DescribeAutoScalingGroups) with its pinned launch template version (DescribeLaunchTemplateVersions). */
export interface AsgFact {
  name: string;
  /** Status says it is being deleted. */
  deleting: boolean;
  min: number;
  max: number;
  desired: number;
  /** Undefined: the ASG uses no launch template (a launch configuration). */
  template:
    | {
        id: string;
        name: string;
        /** As the ASG pins it: a number, or `$Latest` / `$Default`. */
        version: string;
        /** The version's LaunchTemplateData; undefined when it could not be read. */
        imageId: string | undefined;
        instanceType: string | undefined;
      }
    | undefined;
  /** Its members (AutoScalingGroup.Instances). */
  instances: { id: string; lifecycle: string; health: string }[];
}

/** A live instance of the group (DescribeInstances, every state but terminated). */
export interface InstanceFact {
  id: string;
  state: string;
  imageId: string | undefined;
  /** The `aws:autoscaling:groupName` tag AWS puts on an ASG's instances. */
  asgTag: string | undefined;
}

/** What nodes.json says of a group, as the judgement needs it. */
export interface GroupConfigFacts {
  /** The merged config's hash (what `hangar:config` should be). */
  hash: string;
  /** False for `"packer": false`: the group has no image of its own. */
  builds: boolean;
  instanceType: string | undefined;
  /** nodes.json gives the group an `autoscale` block. */
  autoscales: boolean;
  /** The resolved autoscale capacity; undefined when the group does not autoscale or its block is unusable (a warning says why). */
  capacity: { min: number; max: number; desired: number; desiredSet: boolean } | undefined;
  /** Services its run list runs (recipes of the service cookbook), with their port when declared. */
  runListServices: { name: string; port: number | undefined }[];
  /** Keys of its `services` map. */
  declaredServices: string[];
  serviceCookbook: string;
}

export interface StaleFile {
  path: string;
  kind: FileKind;
  status: Exclude<FileStatus, 'unchanged'>;
}

export interface GroupFacts {
  group: string;
  region: string;
  config: GroupConfigFacts;
  /** Generated files that differ from nodes.json; undefined when they could not be rendered (a warning says why). */
  staleFiles: StaleFile[] | undefined;
  /** What AWS holds for the group; undefined when it was not read. */
  aws: { images: ImageFact[] /** Newest first. */; asgs: AsgFact[]; instances: InstanceFact[] } | undefined;
}

export interface DriftSnapshot {
  groups: GroupFacts[];
  /** The project's chef repo hash now (what `hangar:chef` should be); undefined without a chef repo. */
  chefHash: string | undefined;
  /** The registry's entries; undefined when none is configured or it could not be read. */
  registry: { entries: ServiceEntry[]; prefix: string } | undefined;
}
