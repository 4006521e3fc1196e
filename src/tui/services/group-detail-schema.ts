// fleet:show's result data (src/fleet/group-detail.ts) as the workbench reads it: checked at the boundary.
import { z } from 'zod';

const count = z.number().int().nonnegative();

const GroupDetailSchema = z.object({
  group: z.string(),
  region: z.string(),
  configHash: z.string(),
  asgs: z.array(
    z.object({
      name: z.string(),
      desired: count,
      min: count,
      max: count,
      template: z.string().nullable(),
      imageId: z.string().nullable(),
      healthy: count,
      instances: count,
      /** Absent in a result from before the policies were read: none shown. */
      policies: z.array(z.string()).default([]),
    }),
  ),
  instances: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      state: z.string(),
      health: z.string().nullable(),
      zone: z.string().nullable(),
      imageId: z.string().nullable(),
      asg: z.string().nullable(),
    }),
  ),
  images: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      state: z.string(),
      created: z.string(),
      configHash: z.string().nullable(),
      matches: z.boolean(),
      uses: z.array(z.string()),
    }),
  ),
  problems: z.array(z.string()),
});

export type GroupDetailData = z.infer<typeof GroupDetailSchema>;

/** The detail, or a named problem when the shape is not the one expected (never a crash). */
export function parseGroupDetail(data: unknown): { detail: GroupDetailData } | { problem: string } {
  const parsed = GroupDetailSchema.safeParse(data);
  if (parsed.success) return { detail: parsed.data };
  const issue = parsed.error.issues[0];
  return { problem: `fleet:show result not understood${issue ? ` at ${issue.path.join('.') || 'top'}: ${issue.message}` : ''}` };
}
