// The drift judgement: a pure function of one snapshot (configs, AWS facts, registry entries) to each group's items.
import { judgeFiles, judgeImage } from './judge-build.js';
import { judgeDeclaredServices, judgeRegistrations } from './judge-registry.js';
import { judgeCapacity, judgeInstances, judgeRollout } from './judge-run.js';
import type { DriftSnapshot } from './snapshot.js';
import type { DriftKind, GroupDrift } from './types.js';

/** The order items are listed in: the steps of the loop (edit → regenerate → rebuild → roll), then the rest. */
export const KIND_ORDER: readonly DriftKind[] = ['files', 'image', 'rollout', 'capacity', 'instances', 'registry'];

/** Every group's drift items, in the snapshot's group order, each group's items in loop order. */
export function judgeDrift(snapshot: DriftSnapshot): GroupDrift[] {
  return snapshot.groups.map((facts) => {
    const items = [
      ...judgeFiles(facts),
      ...judgeImage(facts, snapshot),
      ...judgeRollout(facts),
      ...judgeCapacity(facts),
      ...judgeInstances(facts),
      ...judgeDeclaredServices(facts),
      ...judgeRegistrations(facts, snapshot.registry),
    ];
    return { group: facts.group, items };
  });
}
