// Builders of drift snapshots for the judgement's unit tests: a clean autoscaling group, changed one field at a time.
import type { AsgFact, DriftSnapshot, GroupFacts, ImageFact } from '../../src/drift/snapshot.js';

export const image = (id: string, createdAt: string, configHash = 'hash-now', extra: Partial<ImageFact> = {}): ImageFact => ({
  id,
  createdAt,
  state: 'available',
  configHash,
  chefHash: undefined,
  ...extra,
});

export const asg = (name: string, imageId: string, instances: string[], extra: Partial<AsgFact> = {}): AsgFact => ({
  name,
  deleting: false,
  min: 1,
  max: 2,
  desired: instances.length,
  template: { id: 'lt-1', name: 'hangar-web', version: '2', imageId, instanceType: 'm1.large' },
  instances: instances.map((id) => ({ id, lifecycle: 'InService', health: 'Healthy' })),
  ...extra,
});

/** Group `web`: built from the current config (ami-new), one ASG on ami-new with i-1 running, min 1 max 2, service www on 8080. */
export function cleanGroup(overrides: Partial<GroupFacts> = {}): GroupFacts {
  return {
    group: 'web',
    region: 'us-east-1',
    config: {
      hash: 'hash-now',
      builds: true,
      instanceType: 'm1.large',
      autoscales: true,
      capacity: { min: 1, max: 2, desired: 1, desiredSet: false },
      runListServices: [{ name: 'www', port: 8080 }],
      declaredServices: ['www'],
      serviceCookbook: 'svc',
    },
    staleFiles: [],
    aws: {
      images: [image('ami-old', '2026-11-01T00:00:00.000Z', 'hash-before'), image('ami-new', '2026-11-20T00:00:00.000Z')],
      asgs: [asg('web-1', 'ami-new', ['i-1'])],
      instances: [{ id: 'i-1', state: 'running', imageId: 'ami-new', asgTag: 'web-1' }],
    },
    ...overrides,
  };
}

export const registryOf = (entries: { service: string; instance: string; group?: string }[]): DriftSnapshot['registry'] => ({
  prefix: '/hangar',
  entries: entries.map((e) => ({ host: '10.0.0.1', port: 8080, status: 'up' as const, since: '2026-11-20T00:00:00.000Z', group: 'web', ...e })),
});

export const snapshotOf = (groups: GroupFacts[], registry = registryOf([{ service: 'www', instance: 'i-1' }])): DriftSnapshot => ({
  groups,
  chefHash: undefined,
  registry,
});
