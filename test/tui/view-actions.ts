// Test-only fleet:drift and fleet:show for the workbench's drift column, drift view and group view (shapes checked by the compiler).
import { defineAction } from '../../src/actions/types.js';
import type { DriftItem, DriftReport } from '../../src/drift/types.js';
import { HangarError } from '../../src/errors.js';
import type { GroupDetail } from '../../src/fleet/group-detail.js';

/** 12_04-bee drifts twice (its image, a registry hint), 12_04-www is clean. */
export const BEE_DRIFT: DriftItem[] = [
  {
    group: '12_04-bee',
    kind: 'image',
    summary: 'newest AMI built from an older config',
    evidence: ['ami-0bee000000000001 hangar:config 1111aaaa', 'current config 2222bbbb'],
    fix: {
      kind: 'action',
      action: 'packer:run',
      groups: ['12_04-bee'],
      flags: { 'grace-period': 30 },
      command: 'hangar packer:run 12_04-bee --grace-period 30',
    },
  },
  {
    group: '12_04-bee',
    kind: 'registry',
    summary: 'service api-workers is not in the run list',
    evidence: ['services: api-workers', 'run_list lacks recipe[seatgeek-service::api-workers]'],
    fix: { kind: 'config', hint: 'add "recipe[seatgeek-service::api-workers]" to 12_04-bee.run_list' },
  },
];

export interface DriftControl {
  /** How many times fleet:drift ran, and with which groups the last time. */
  runs: number;
  groups: string[];
  /** Set to make the next runs fail (AWS unreachable). */
  failWith?: string | undefined;
  /** While set, a run waits for it (the column shows `…`). */
  gate?: Promise<void> | undefined;
}

/** A fleet:drift whose answer and failures the test controls. */
export function fakeDriftAction(control: DriftControl) {
  return defineAction({
    name: 'fleet:drift',
    summary: 'drift',
    groups: 'all-by-default',
    flags: {},
    async run(ctx, groups) {
      control.runs++;
      control.groups = groups;
      await control.gate;
      if (control.failWith) throw new HangarError('aws.unreachable', control.failWith);
      const report: DriftReport = {
        groups: groups.map((group) => ({ group, items: group === '12_04-bee' ? BEE_DRIFT : [] })),
        warnings: ['no registry configured: registry drift not checked'],
      };
      ctx.emit.result(report);
    },
  });
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

/** What fleet:show answers for a group (the real shape, src/fleet/group-detail.ts). */
export function groupDetailOf(group: string): GroupDetail {
  return {
    group,
    region: 'us-east-1',
    configHash: '2222bbbb',
    asgs: [
      {
        name: `${group}-20261201`,
        desired: 3,
        min: 2,
        max: 4,
        template: `hangar-${group}:7`,
        imageId: 'ami-0aaa000000000002',
        healthy: 2,
        instances: 3,
        policies: [`hangar-${group}-cpu: ASGAverageCPUUtilization at 50`],
      },
    ],
    instances: [
      {
        id: 'i-0aaa00000000000a1',
        name: group,
        state: 'running',
        health: 'Healthy InService',
        zone: 'us-east-1a',
        imageId: 'ami-0aaa000000000002',
        asg: `${group}-20261201`,
      },
      {
        id: 'i-0aaa00000000000a2',
        name: group,
        state: 'running',
        health: 'Unhealthy Terminating',
        zone: 'us-east-1b',
        imageId: 'ami-0aaa000000000001',
        asg: `${group}-20261201`,
      },
    ],
    images: [
      {
        id: 'ami-0aaa000000000002',
        name: `${group}-2`,
        state: 'available',
        created: hoursAgo(2),
        configHash: '2222bbbb',
        matches: true,
        uses: [`ASG ${group}-20261201 (launch template hangar-${group} version 7)`],
      },
      {
        id: 'ami-0aaa000000000001',
        name: `${group}-1`,
        state: 'available',
        created: hoursAgo(50),
        configHash: '1111aaaa',
        matches: false,
        uses: ['instance i-0aaa00000000000a2 (running, group x)', 'launch template hangar-x default version 6'],
      },
      { id: 'ami-0aaa000000000000', name: `${group}-0`, state: 'available', created: hoursAgo(100), configHash: null, matches: false, uses: [] },
    ],
    problems: [],
  };
}

/** fleet:show answering groupDetailOf; counts its runs. */
export function fakeShowAction(control: { runs: number }) {
  return defineAction({
    name: 'fleet:show',
    summary: 'show',
    groups: 'required',
    flags: {},
    async run(ctx, groups) {
      control.runs++;
      ctx.emit.result(groupDetailOf(groups[0]!));
    },
  });
}
