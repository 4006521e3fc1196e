// The drift report's shape: what differs between nodes.json and what runs, per group, and the one command that fixes each item.

/** Which step of the edit → regenerate → rebuild → roll loop a group still needs. */
export type DriftKind = 'files' | 'image' | 'rollout' | 'instances' | 'registry' | 'capacity';

/** How to fix one item: a hangar action to run (the workbench puts it into the palette), or a nodes.json change. */
export type DriftFix =
  | {
      kind: 'action';
      /** Catalog action id, e.g. `packer:run`. */
      action: string;
      groups: string[];
      /** Flags as the palette and CLI take them (`{ canary: 1 }` → `--canary 1`). */
      flags: Record<string, string | number | boolean>;
      /** The whole CLI command, e.g. `hangar packer:run web`. */
      command: string;
    }
  | {
      kind: 'config';
      /** What to change by hand: in nodes.json (e.g. `add "recipe[haproxy]" to web.run_list`), or a registry entry to delete. */
      hint: string;
    };

/** One thing that drifts in one group. */
export interface DriftItem {
  group: string;
  kind: DriftKind;
  /** One line for people: what differs. */
  summary: string;
  /** The facts behind it (ids, hashes, counts), one per line. */
  evidence: string[];
  fix: DriftFix;
}

/** A group's items; `items` is empty when the group is clean. */
export interface GroupDrift {
  group: string;
  items: DriftItem[];
}

/** fleet:drift's answer for the groups asked. */
export interface DriftReport {
  groups: GroupDrift[];
  /** What could not be checked (e.g. no registry configured, a region unreachable): named, never silent. */
  warnings: string[];
  /** Something that should have been read could not be (a region or the registry unreachable, a template unreadable): the items may miss drift. */
  incomplete?: boolean;
}
