// Where a one-off instance goes: its zone (given or random among the available ones) and its subnet, chosen from what EC2 offers (pure).
import type { Placement, SubnetInfo } from '../aws/placement.js';
import type { GroupConfig } from '../config/index.js';
import { HangarError, usageError } from '../errors.js';

/** Picks one element at random (injectable for tests). */
export type Pick = <T>(items: readonly T[]) => T;
export const pickRandom: Pick = (items) => items[Math.floor(Math.random() * items.length)]!;

/**
 * Decides the zone and subnet from what the region offers:
 * - with `subnets`: a subnet in `zone` (when given) or a random subnet in an available zone;
 * - else a given zone must be available; otherwise random among `availability_zones` (or every available zone).
 */
export function choosePlacement(
  merged: GroupConfig,
  available: readonly string[],
  subnets: readonly SubnetInfo[],
  zone: string | undefined,
  pick: Pick = pickRandom,
): Placement {
  if (zone && !available.includes(zone)) {
    throw usageError('instance.zone', `zone ${zone} is not available in ${merged.region}`, { hint: `available: ${available.join(', ') || 'none'}` });
  }
  if (merged.subnets?.length) {
    const candidates = subnets.filter((s) => (zone ? s.zone === zone : available.includes(s.zone)));
    if (candidates.length === 0) {
      throw usageError('instance.zone', zone ? `none of the group's subnets is in ${zone}` : "none of the group's subnets is in an available zone", {
        hint: `the subnets are in: ${[...new Set(subnets.map((s) => s.zone))].join(', ') || 'unknown zones'}`,
      });
    }
    const subnet = pick(candidates);
    return { zone: subnet.zone, subnetId: subnet.id, vpcId: subnet.vpcId };
  }
  if (zone) return { zone, subnetId: undefined, vpcId: undefined };
  const wanted = merged.availability_zones?.length ? merged.availability_zones.filter((z) => available.includes(z)) : [...available];
  if (wanted.length === 0) {
    throw new HangarError(
      'instance.zone',
      `no available zone in ${merged.region}${merged.availability_zones?.length ? ` among ${merged.availability_zones.join(', ')}` : ''}`,
      {
        hint: 'pass --zone, or fix "availability_zones" in nodes.json',
      },
    );
  }
  return { zone: pick(wanted), subnetId: undefined, vpcId: undefined };
}
