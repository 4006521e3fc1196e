// Drift of the first two steps of the loop: generated files against nodes.json, and the newest AMI against the merged config.
import { actionFix } from './fix.js';
import type { DriftSnapshot, GroupFacts, ImageFact, StaleFile } from './snapshot.js';
import type { DriftItem } from './types.js';

/** The action that writes each kind of generated file. */
const WRITER = { role: 'roles:update', packer: 'packer:create', dna: 'autoscale:create' } as const;

const WHAT = { role: 'role', packer: 'packer template', dna: 'dna' } as const;

/** One item per stale file, each with the action that writes it. */
export function judgeFiles(facts: GroupFacts): DriftItem[] {
  return (facts.staleFiles ?? []).map((file: StaleFile) => ({
    group: facts.group,
    kind: 'files',
    summary: `${WHAT[file.kind]} ${file.path} ${file.status === 'create' ? 'is missing' : 'differs from nodes.json'}`,
    evidence: [`${file.path}: ${file.status === 'create' ? 'not on disk' : 'stale (see hangar plan)'}`],
    fix: actionFix(WRITER[file.kind], facts.group),
  }));
}

/** The newest available AMI (creation date, then id), as rollouts pick it (newestByGroup: a state AWS did not say counts). */
export function newestImage(images: readonly ImageFact[]): ImageFact | undefined {
  return images
    .filter((image) => image.state === 'available' || image.state === 'unknown')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))[0];
}

/** The group's image: none built, or the newest one built from another config (or chef repo) than the project's now. */
export function judgeImage(facts: GroupFacts, snapshot: Pick<DriftSnapshot, 'chefHash'>): DriftItem[] {
  if (!facts.config.builds || !facts.aws) return [];
  const fix = actionFix('packer:run', facts.group);
  const newest = newestImage(facts.aws.images);
  if (!newest) {
    const others = facts.aws.images.length;
    return [
      {
        group: facts.group,
        kind: 'image',
        summary: 'no AMI built',
        evidence: [others ? `${others} AMI(s) tagged group=${facts.group}, none available` : `no AMI tagged group=${facts.group} in ${facts.region}`],
        fix,
      },
    ];
  }
  const evidence: string[] = [];
  if (newest.configHash !== facts.config.hash) {
    evidence.push(`${newest.id} hangar:config ${newest.configHash ?? '(none)'}; nodes.json now ${facts.config.hash}`);
  }
  if (snapshot.chefHash && newest.chefHash && newest.chefHash !== snapshot.chefHash) {
    evidence.push(`${newest.id} hangar:chef ${newest.chefHash}; chef repo now ${snapshot.chefHash}`);
  }
  if (evidence.length === 0) return [];
  const what = newest.configHash !== facts.config.hash ? 'config' : 'chef repo';
  return [{ group: facts.group, kind: 'image', summary: `newest AMI ${newest.id} was built from another ${what}`, evidence, fix }];
}
