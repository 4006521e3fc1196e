// Registry drift: InService instances whose services are not registered, entries of instances that do not run, services left out of the run list.
import { formatCount } from '../format/plural.js';
import { actionFix, configFix } from './fix.js';
import type { DriftSnapshot, GroupFacts } from './snapshot.js';
import type { DriftItem } from './types.js';

/** Services a group declares (`services`) that its run list does not run: the dna leaves them out, no agent registers them. */
export function judgeDeclaredServices(facts: GroupFacts): DriftItem[] {
  const run = new Set(facts.config.runListServices.map((s) => s.name));
  return facts.config.declaredServices
    .filter((name) => !run.has(name))
    .map((name) => {
      const recipe = `recipe[${facts.config.serviceCookbook}::${name}]`;
      return {
        group: facts.group,
        kind: 'registry' as const,
        summary: `service ${name} is declared but not in the run list: no node runs or registers it`,
        evidence: [`${facts.group}.services.${name} is set; ${recipe} is not in its run_list (nor __base__'s)`],
        fix: configFix(`add "${recipe}" to ${facts.group}.run_list in nodes.json (or remove services.${name})`),
      };
    });
}

/** InService ASG instances missing a registration, and registry entries of the group whose instance is not running (ghosts). */
export function judgeRegistrations(facts: GroupFacts, registry: DriftSnapshot['registry']): DriftItem[] {
  if (!registry || !facts.aws) return [];
  const items: DriftItem[] = [];
  const entries = registry.entries.filter((e) => e.group === facts.group);
  const registered = new Set(registry.entries.map((e) => `${e.service}/${e.instance}`));
  const expected = facts.config.runListServices.filter((s) => s.port !== undefined).map((s) => s.name);
  const inService = facts.aws.asgs.filter((a) => !a.deleting).flatMap((a) => a.instances.filter((i) => i.lifecycle === 'InService'));
  const missing = inService.map((i) => ({ id: i.id, services: expected.filter((s) => !registered.has(`${s}/${i.id}`)) })).filter((m) => m.services.length > 0);
  if (missing.length > 0) {
    items.push({
      group: facts.group,
      kind: 'registry',
      summary: `${formatCount(missing.length, 'InService instance')} ${missing.length === 1 ? 'does' : 'do'} not register ${[...new Set(missing.flatMap((m) => m.services))].join(', ')}`,
      evidence: [
        ...missing.map((m) => `${m.id}: ${m.services.join(', ')} not registered`),
        'instance:deploy re-provisions them (chef-solo starts the agent that registers)',
      ],
      fix: actionFix('instance:deploy', facts.group),
    });
  }
  const states = new Map(facts.aws.instances.map((i) => [i.id, i.state]));
  const ghosts = entries.filter((e) => {
    const state = states.get(e.instance);
    return state !== 'running' && state !== 'pending';
  });
  if (ghosts.length > 0) {
    const prefix = registry.prefix.replace(/\/+$/, '');
    const keys = ghosts.map((g) => `${prefix}/services/${g.service}/${g.instance}`);
    items.push({
      group: facts.group,
      kind: 'registry',
      summary: `${ghosts.length} registry entr${ghosts.length === 1 ? 'y' : 'ies'} of instances that do not run (ghosts)`,
      evidence: ghosts.map(
        (g) => `${g.service} ${g.instance} ${g.host}:${g.port} (${g.status}): instance ${states.get(g.instance) ?? 'not found (terminated?)'}`,
      ),
      fix: configFix(`stop whatever keeps their lease, or delete them: etcdctl del ${keys.join(' && etcdctl del ')}`),
    });
  }
  return items;
}
