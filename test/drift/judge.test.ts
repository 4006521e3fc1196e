// The drift judgement on hand-made snapshots: each kind found from its evidence alone, with the command that fixes it.
import { describe, expect, it } from 'vitest';
import { judgeDrift } from '../../src/drift/judge.js';
import type { GroupFacts } from '../../src/drift/snapshot.js';
import { actionFix, configFix, fixText, withTargetWords } from '../../src/drift/fix.js';
import type { DriftItem, DriftReport } from '../../src/drift/types.js';
import { asg, cleanGroup, image, registryOf, snapshotOf } from './facts.js';

const itemsOf = (facts: GroupFacts, registry?: Parameters<typeof snapshotOf>[1]) =>
  judgeDrift(registry === undefined ? snapshotOf([facts]) : snapshotOf([facts], registry))[0]!.items;
const fixOf = (item: DriftItem | undefined) => (item?.fix.kind === 'action' ? item.fix.command : item?.fix.hint);
const awsOf = (facts: GroupFacts) => facts.aws!;

describe('judgeDrift', () => {
  it('a group that matches nodes.json has no item', () => {
    expect(judgeDrift(snapshotOf([cleanGroup()]))).toEqual([{ group: 'web', items: [] }]);
  });

  it('files: one item per stale file, each with the action that writes it', () => {
    const items = itemsOf(
      cleanGroup({
        staleFiles: [
          { path: 'roles/role-web.json', kind: 'role', status: 'update' },
          { path: 'packer/web.json', kind: 'packer', status: 'create' },
          { path: 'dna/asg/web.json', kind: 'dna', status: 'update' },
        ],
      }),
    );
    expect(items.map((i) => [i.kind, fixOf(i)])).toEqual([
      ['files', 'hangar roles:update web'],
      ['files', 'hangar packer:create web'],
      ['files', 'hangar autoscale:create web'],
    ]);
    expect(items[1]!.summary).toBe('packer template packer/web.json is missing');
  });

  it('image: the newest AMI is judged (an older one with the right hash does not count); none built; packer: false never', () => {
    const base = cleanGroup();
    const stale = cleanGroup({ config: { ...base.config, hash: 'hash-edited' } });
    const [item] = itemsOf(stale).filter((i) => i.kind === 'image');
    expect(item).toMatchObject({ kind: 'image', summary: 'newest AMI ami-new was built from another config' });
    expect(item!.evidence).toEqual(['ami-new hangar:config hash-now; nodes.json now hash-edited']);
    expect(fixOf(item)).toBe('hangar packer:run web');

    const olderMatches = cleanGroup({
      aws: { ...awsOf(base), images: [image('ami-a', '2026-11-01T00:00:00.000Z'), image('ami-b', '2026-11-02T00:00:00.000Z', 'other')] },
    });
    expect(itemsOf(olderMatches).filter((i) => i.kind === 'image')).toHaveLength(1);

    const none = itemsOf(cleanGroup({ aws: { ...awsOf(base), images: [image('ami-x', '2026-11-01T00:00:00.000Z', 'hash-now', { state: 'failed' })] } }));
    expect(none.find((i) => i.kind === 'image')).toMatchObject({ summary: 'no AMI built', evidence: ['1 AMI(s) tagged group=web, none available'] });

    expect(itemsOf({ ...stale, config: { ...stale.config, builds: false } }).filter((i) => i.kind === 'image')).toEqual([]);
  });

  it('image: a chef repo that changed since the build is drift too (only when the AMI carries hangar:chef)', () => {
    const facts = cleanGroup();
    awsOf(facts).images[1]!.chefHash = 'chef-then';
    const [group] = judgeDrift({ ...snapshotOf([facts]), chefHash: 'chef-now' });
    expect(group!.items.map((i) => [i.kind, i.summary])).toEqual([['image', 'newest AMI ami-new was built from another chef repo']]);
  });

  it('rollout: an ASG pinned to an older AMI, another instance type, a member on another AMI', () => {
    const facts = cleanGroup();
    awsOf(facts).asgs = [
      asg('web-1', 'ami-old', ['i-1', 'i-2'], { template: { id: 'lt-1', name: 'hangar-web', version: '1', imageId: 'ami-old', instanceType: 'm1.small' } }),
    ];
    awsOf(facts).instances.push({ id: 'i-2', state: 'running', imageId: 'ami-other', asgTag: 'web-1' });
    awsOf(facts).instances[0]!.imageId = 'ami-old';
    const items = itemsOf(
      facts,
      registryOf([
        { service: 'www', instance: 'i-1' },
        { service: 'www', instance: 'i-2' },
      ]),
    );
    expect(items.map((i) => i.kind)).toEqual(['rollout']);
    expect(items[0]!.summary).toBe(
      'ASG web-1 launches an older AMI than the newest; launches m1.small, not m1.large; 1 instance runs another AMI than it launches',
    );
    expect(items[0]!.evidence).toEqual([
      'web-1 launches ami-old (hangar-web version 1); newest is ami-new',
      'web-1 launches m1.small (hangar-web version 1); nodes.json says m1.large',
      'i-2 runs ami-other, its ASG launches ami-old',
    ]);
    expect(fixOf(items[0])).toBe('hangar autoscale:update web');
  });

  it('rollout: no ASG for a group that autoscales says autoscale:run; two ASGs say --resume; a deleting ASG is not counted', () => {
    const base = cleanGroup();
    const none = itemsOf(cleanGroup({ aws: { ...awsOf(base), asgs: [], instances: [] } }), registryOf([]));
    expect(none.map((i) => [i.kind, fixOf(i)])).toEqual([['rollout', 'hangar autoscale:run web']]);

    const two = cleanGroup();
    awsOf(two).asgs.push(asg('web-2', 'ami-new', []), asg('web-0', 'ami-old', [], { deleting: true }));
    const items = itemsOf(two);
    expect(items.map((i) => [i.kind, i.summary, fixOf(i)])).toEqual([
      ['rollout', '2 ASGs run: an update did not finish', 'hangar autoscale:update web --resume'],
    ]);
    expect(items[0]!.fix).toMatchObject({ kind: 'action', action: 'autoscale:update', groups: ['web'], flags: { resume: true } });
  });

  it('instances: one-off instances on another AMI than the newest, not ASG members nor terminated ones', () => {
    const facts = cleanGroup();
    awsOf(facts).instances.push(
      { id: 'i-9', state: 'running', imageId: 'ami-old', asgTag: undefined },
      { id: 'i-8', state: 'stopped', imageId: 'ami-old', asgTag: undefined },
      { id: 'i-7', state: 'shutting-down', imageId: 'ami-old', asgTag: undefined },
      { id: 'i-6', state: 'running', imageId: 'ami-new', asgTag: undefined },
      { id: 'i-5', state: 'running', imageId: 'ami-old', asgTag: 'web-gone' },
    );
    const items = itemsOf(facts);
    expect(items.map((i) => [i.kind, i.summary, fixOf(i)])).toEqual([
      ['instances', '2 one-off instances run AMIs other than the newest ami-new', 'hangar instance:deploy web'],
    ]);
    expect(items[0]!.evidence.slice(0, 2)).toEqual(['i-9 (running) runs ami-old', 'i-8 (stopped) runs ami-old']);
    expect(items[0]!.evidence[2]).toMatch(/only a new instance \(hangar instance:create web\) runs ami-new/);
  });

  it('capacity: min/max off with desired in range → autoscale:update; desired out of range or not the one set → a hint (update keeps desired)', () => {
    const facts = cleanGroup();
    awsOf(facts).asgs[0]!.max = 4;
    expect(itemsOf(facts).map((i) => [i.kind, i.summary, fixOf(i)])).toEqual([
      ['capacity', 'ASG web-1 has min 1, max 4; nodes.json says min 1, max 2', 'hangar autoscale:update web'],
    ]);

    const low = cleanGroup();
    low.config.capacity = { min: 2, max: 3, desired: 2, desiredSet: false };
    const [item] = itemsOf(low);
    expect(item).toMatchObject({ kind: 'capacity', summary: 'ASG web-1 runs 1 instance; nodes.json wants 2..3', fix: { kind: 'config' } });
    expect(fixOf(item)).toContain('--auto-scaling-group-name web-1 --min-size 2 --max-size 3 --desired-capacity 2');

    const set = cleanGroup();
    set.config.capacity = { min: 1, max: 2, desired: 2, desiredSet: true };
    expect(itemsOf(set)[0]!.summary).toBe('ASG web-1 runs 1 instance; nodes.json wants 2');

    const notScaling = cleanGroup();
    notScaling.config = { ...notScaling.config, autoscales: false, capacity: undefined };
    expect(itemsOf(notScaling).map((i) => [i.kind, fixOf(i)])).toEqual([['capacity', 'add an "autoscale" block to web in nodes.json, or delete ASG web-1']]);
  });

  it('registry: unregistered InService instances, ghosts (stopped, gone), declared services left out of the run list', () => {
    const facts = cleanGroup();
    facts.config.declaredServices = ['www', 'api'];
    awsOf(facts).instances.push({ id: 'i-3', state: 'stopped', imageId: 'ami-new', asgTag: undefined });
    const registry = registryOf([
      { service: 'www', instance: 'i-3' },
      { service: 'www', instance: 'i-gone' },
      { service: 'www', instance: 'i-elsewhere', group: 'other' },
    ]);
    const items = itemsOf(facts, registry);
    expect(items.map((i) => [i.kind, i.summary])).toEqual([
      ['registry', 'service api is declared but not in the run list: no node runs or registers it'],
      ['registry', '1 InService instance does not register www'],
      ['registry', '2 registry entries of instances that do not run (ghosts)'],
    ]);
    expect(fixOf(items[0])).toBe('add "recipe[svc::api]" to web.run_list in nodes.json (or remove services.api)');
    expect(fixOf(items[1])).toBe('hangar instance:deploy web');
    expect(items[1]!.evidence[0]).toBe('i-1: www not registered');
    expect(items[2]!.evidence).toEqual(['www i-3 10.0.0.1:8080 (up): instance stopped', 'www i-gone 10.0.0.1:8080 (up): instance not found (terminated?)']);
    expect(fixOf(items[2])).toContain('etcdctl del /hangar/services/www/i-3 && etcdctl del /hangar/services/www/i-gone');
  });

  it('without a registry (or AWS facts) only the config check of services runs', () => {
    const facts = cleanGroup();
    facts.config.declaredServices = ['api'];
    const items = judgeDrift({ ...snapshotOf([facts]), registry: undefined })[0]!.items;
    expect(items.map((i) => i.kind)).toEqual(['registry']);
    expect(judgeDrift(snapshotOf([cleanGroup({ aws: undefined })], registryOf([])))[0]!.items).toEqual([]);
  });
});

describe('withTargetWords', () => {
  const report: DriftReport = {
    groups: [
      {
        group: 'web',
        items: [
          { group: 'web', kind: 'image', summary: 'no AMI', evidence: [], fix: actionFix('packer:run', 'web') },
          { group: 'web', kind: 'registry', summary: 'by hand', evidence: [], fix: configFix('add it to run_list') },
        ],
      },
    ],
    warnings: [],
  };

  it('each command carries the target; a hint by hand is left as it is; an endpoint password is hidden', () => {
    const [group] = withTargetWords(report, ['--endpoint', 'https://ops:s3cret@ec2.example:8443']).groups;
    expect(group?.items.map((item) => fixText(item.fix))).toEqual(['hangar packer:run web --endpoint https://ops:***@ec2.example:8443', 'add it to run_list']);
    expect(withTargetWords(report, [])).toBe(report);
  });
});
