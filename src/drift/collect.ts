// fleet:drift's entry point: gathers one snapshot of the fleet (files, AWS, registry) and judges it.
import type { Backends } from '../backends.js';
import type { Config } from '../config/index.js';
import { messageOf } from '../errors.js';
import { chefStepsOf } from '../generate/index.js';
import { configFactsOf, staleFilesOf } from './config-facts.js';
import { judgeDrift } from './judge.js';
import type { DriftSnapshot, GroupFacts } from './snapshot.js';
import type { DriftReport } from './types.js';

/** What collecting drift needs: the loaded nodes.json, the backends (AWS target, registry) and the cancel signal. */
export interface DriftContext {
  readonly config: Config;
  readonly backends: Backends;
  readonly signal: AbortSignal;
}

/** The region a group's AWS calls go to: its own, else the environment's, else us-east-1 (as every action picks it). */
function regionOf(config: Config, group: string): string {
  return config.groups.get(group)?.merged.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

/** What AWS holds for every group, one region at a time in parallel; a region that fails is a warning and its groups go unread. */
async function gatherAws(ctx: DriftContext, groups: readonly string[], warn: (m: string) => void, fail: () => void) {
  const { gatherRegion } = await import('./gather.js');
  const byRegion = new Map<string, string[]>();
  for (const group of groups) byRegion.set(regionOf(ctx.config, group), [...(byRegion.get(regionOf(ctx.config, group)) ?? []), group]);
  const parts = await Promise.all(
    [...byRegion].map(async ([region, names]) => {
      try {
        const { facts, warnings } = await gatherRegion(ctx.backends.aws, region, names, ctx.signal);
        for (const w of warnings) warn(w);
        if (warnings.length) fail();
        return facts;
      } catch (error) {
        ctx.signal.throwIfAborted();
        warn(`${region}: AWS not read, so images, ASGs, instances and registrations of ${names.join(', ')} are not checked: ${messageOf(error)}`);
        fail();
        return new Map();
      }
    }),
  );
  return new Map<string, NonNullable<GroupFacts['aws']>>(parts.flatMap((part) => [...part]));
}

/** The registry's entries, or undefined with a warning (none configured; unreachable, which also makes the report incomplete). */
async function readRegistry(ctx: DriftContext, warn: (m: string) => void, fail: () => void): Promise<DriftSnapshot['registry']> {
  let registry: Awaited<ReturnType<Backends['openRegistry']>>;
  try {
    registry = await ctx.backends.openRegistry(ctx.config, { warn });
  } catch (error) {
    warn(`registry not opened, so registrations and ghost entries are not checked: ${messageOf(error)}`);
    fail();
    return undefined;
  }
  if (!registry) {
    warn('no service registry is configured: registrations and ghost entries are not checked (set __settings__.registry.endpoints or HANGAR_ETCD_ENDPOINTS)');
    return undefined;
  }
  try {
    const { entries } = await registry.list();
    return { entries, prefix: ctx.config.settings.registry.prefix };
  } catch (error) {
    ctx.signal.throwIfAborted();
    warn(`registry ${registry.description} not read, so registrations and ghost entries are not checked: ${messageOf(error)}`);
    fail();
    return undefined;
  } finally {
    await registry.close().catch(() => undefined);
  }
}

/** The drift of `groups` (names as in nodes.json): reads only, one bounded set of describe calls for the whole fleet. */
export async function collectDrift(ctx: DriftContext, groups: string[]): Promise<DriftReport> {
  const warnings: string[] = [];
  let incomplete = false;
  const warn = (message: string) => {
    if (!warnings.includes(message)) warnings.push(message);
  };
  const fail = () => {
    incomplete = true;
  };
  let chef: ReturnType<typeof chefStepsOf>;
  try {
    chef = chefStepsOf(ctx.config);
  } catch (error) {
    warn(`chef repo not read, so its hash is not compared with the AMIs': ${messageOf(error)}`);
    fail();
  }
  const [aws, registry] = await Promise.all([gatherAws(ctx, groups, warn, fail), readRegistry(ctx, warn, fail)]);
  const snapshot: DriftSnapshot = {
    chefHash: chef?.hash,
    registry,
    groups: groups.map((group) => ({
      group,
      region: regionOf(ctx.config, group),
      config: configFactsOf(ctx.config, group, warn),
      staleFiles: staleFilesOf(ctx.config, group, chef, warn),
      aws: aws.get(group),
    })),
  };
  return { groups: judgeDrift(snapshot), warnings, ...(incomplete ? { incomplete } : {}) };
}
