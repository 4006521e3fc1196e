// planClean keeps the newest N by date and spares AMIs in use; referencesOf reads every way an ASG names a template.
import { describe, expect, it } from 'vitest';
import { imagesInUse, planClean } from '../../src/images/clean.js';
import { referencesOf } from '../../src/images/usage.js';
import type { ImageRecord } from '../../src/aws/images.js';
import { newestByGroup } from '../../src/aws/images.js';
import { formatAgeOf as formatAge } from '../../src/format/time.js';

const image = (id: string, day: number, state = 'available'): ImageRecord => ({
  id,
  name: `web ${day}`,
  group: 'web',
  state,
  creationDate: new Date(Date.UTC(2026, 0, day)).toISOString(),
  snapshotIds: [`snap-${id.slice(4)}`],
  configHash: undefined,
  region: 'us-east-1',
  tags: { group: 'web' },
});

describe('planClean', () => {
  const images = [image('ami-01', 1), image('ami-05', 5), image('ami-03', 3), image('ami-02', 2), image('ami-04', 4)];

  it('keeps the newest N by creation date, whatever the listing order', () => {
    const plan = planClean(images, 2, new Map());
    expect(plan.keep.map((i) => i.id)).toEqual(['ami-05', 'ami-04']);
    expect(plan.remove.map((i) => i.id)).toEqual(['ami-03', 'ami-02', 'ami-01']);
    expect(plan.spared).toEqual([]);
  });

  it('spares an old AMI in use and says why', () => {
    const usage = new Map([
      ['ami-02', ['instance i-1 (running, group web)']],
      ['ami-05', ['launch template web latest version 3']],
    ]);
    const plan = planClean(images, 2, usage);
    expect(plan.remove.map((i) => i.id)).toEqual(['ami-03', 'ami-01']);
    expect(plan.spared).toEqual([{ image: images[3], reasons: ['instance i-1 (running, group web)'] }]);
    expect(imagesInUse(images, usage).map((u) => u.image.id)).toEqual(['ami-05', 'ami-02']);
  });

  it('keeps everything with N larger than the count, and nothing with N = 0', () => {
    expect(planClean(images, 10, new Map()).remove).toEqual([]);
    expect(planClean(images, 0, new Map()).remove).toHaveLength(5);
  });
});

describe('newestByGroup and formatAge', () => {
  it('skips pending and failed images', () => {
    const newest = newestByGroup([image('ami-09', 9, 'pending'), image('ami-08', 8, 'failed'), image('ami-07', 7)]);
    expect(newest.get('web')?.id).toBe('ami-07');
  });
  it('says ages the short way', () => {
    const now = Date.parse('2026-01-03T00:00:00Z');
    expect(formatAge('2026-01-01T00:00:00Z', now)).toBe('2d');
    expect(formatAge('2026-01-02T21:00:00Z', now)).toBe('3h');
    expect(formatAge(undefined, now)).toBe('-');
  });
});

describe('referencesOf', () => {
  it('reads the launch template, the mixed instances policy and its overrides, and the launch configuration', () => {
    const refs = referencesOf({
      AutoScalingGroupName: 'web-1',
      LaunchConfigurationName: 'old-lc',
      LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '3' },
      MixedInstancesPolicy: {
        LaunchTemplate: {
          LaunchTemplateSpecification: { LaunchTemplateName: 'web', Version: '$Latest' },
          Overrides: [{ InstanceType: 'm5.large', LaunchTemplateSpecification: { LaunchTemplateId: 'lt-2' } }],
        },
      },
    } as never);
    expect(refs.configuration).toBe('old-lc');
    expect(refs.templates).toEqual([
      { id: 'lt-1', name: undefined, version: '3', by: 'ASG web-1' },
      { id: undefined, name: 'web', version: '$Latest', by: 'ASG web-1' },
      { id: 'lt-2', name: undefined, version: '$Default', by: 'ASG web-1' },
    ]);
  });
});
