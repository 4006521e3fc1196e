// fleet:drift's result data (a DriftReport, src/drift/types.ts) as the workbench reads it: checked at the boundary.
import { z } from 'zod';
import type { DriftReport } from '../../drift/types.js';

const FixSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('action'),
    action: z.string().min(1),
    groups: z.array(z.string()),
    flags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    command: z.string(),
  }),
  z.object({ kind: z.literal('config'), hint: z.string() }),
]);

const ItemSchema = z.object({
  group: z.string(),
  kind: z.enum(['files', 'image', 'rollout', 'instances', 'registry', 'capacity']),
  summary: z.string(),
  evidence: z.array(z.string()),
  fix: FixSchema,
});

const ReportSchema = z.object({
  groups: z.array(z.object({ group: z.string(), items: z.array(ItemSchema) })),
  warnings: z.array(z.string()),
  incomplete: z.boolean().optional(),
});

/** The report (checked against the contract by the compiler both ways), or a named problem. */
export function parseDriftReport(data: unknown): { report: DriftReport } | { problem: string } {
  const parsed = ReportSchema.safeParse(data);
  if (parsed.success) return { report: parsed.data satisfies DriftReport };
  const issue = parsed.error.issues[0];
  return { problem: `fleet:drift result not understood${issue ? ` at ${issue.path.join('.') || 'top'}: ${issue.message}` : ''}` };
}
