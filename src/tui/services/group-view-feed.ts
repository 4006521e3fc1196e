// Reads the open group view's detail through fleet:show (an internal job): when the view opens, then with each fleet status refresh.
import type { AnyAction } from '../../actions/types.js';
import { messageOf } from '../../errors.js';
import type { Job } from '../../jobs/job.js';
import type { WorkbenchStore } from '../store/store.js';
import { type GroupDetailData, parseGroupDetail } from './group-detail-schema.js';
import type { JobRunner } from './job-runner.js';

export const GROUP_DETAIL_ACTION = 'fleet:show';

/** A status refresh re-reads the open group at most this often (fleet:show reads the region's AMI usage); a job's end always does. */
export const GROUP_REFRESH_MS = 15_000;

export interface GroupViewFeedOptions {
  store: WorkbenchStore;
  runner: JobRunner;
  findAction: (name: string) => AnyAction | undefined;
}

/** Starts following the group view; the stop function cancels a read in flight and waits for it. */
export function startGroupViewFeed({ store, runner, findAction }: GroupViewFeedOptions): () => Promise<void> {
  const action = findAction(GROUP_DETAIL_ACTION);
  let current: { name: string; job: Job } | undefined;
  let stopped = false;

  const read = async (name: string) => {
    const { actions } = store.getState();
    if (!action) {
      actions.setGroupDetail(name, { state: 'error', error: `${GROUP_DETAIL_ACTION} is not in the catalog` });
      return;
    }
    const job = runner.runInternal(action, [name], {});
    current = { name, job };
    let detail: GroupDetailData | undefined;
    let problem: string | undefined;
    job.subscribe((event) => {
      if (event.type !== 'result') return;
      const parsed = parseGroupDetail(event.data);
      if ('detail' in parsed) detail = parsed.detail;
      else problem = parsed.problem;
    });
    const state = await job.done;
    if (current?.job === job) current = undefined;
    if (stopped) return;
    if (state === 'succeeded' && detail) actions.setGroupDetail(name, { state: 'ok', detail, error: undefined, at: Date.now() });
    else
      actions.setGroupDetail(name, {
        state: 'error',
        error: job.error ? messageOf(job.error).split('\n')[0] : (problem ?? `${GROUP_DETAIL_ACTION} gave no result`),
      });
  };

  const unsubscribe = store.subscribe((state, before) => {
    const view = state.groupView;
    if (stopped || state.view !== 'group' || !view || current?.name === view.name) return;
    // Another group while a read runs: that read is of no use any more.
    if (current) current.job.cancel('another group opened');
    const opened = view !== before.groupView && view.state === 'loading' && view.at === undefined;
    const stale = state.status.at !== before.status.at && Date.now() - (view.at ?? 0) >= GROUP_REFRESH_MS;
    const refreshed = stale || state.jobs.finished !== before.jobs.finished;
    if (opened || refreshed) void read(view.name);
  });

  return async () => {
    stopped = true;
    unsubscribe();
    current?.job.cancel('workbench closed');
    await current?.job.done;
  };
}
