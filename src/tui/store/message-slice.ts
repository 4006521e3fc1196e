// The store's message log: every notice, warning and error said is kept whole (bounded); the status line shows the latest.
import type { Message } from './types.js';

/** Messages kept; older ones go first. */
export const MESSAGE_LOG_SIZE = 500;

/** How long a transient notice (a job that ended well) stays in the status line. */
export const NOTICE_MS = 5000;

export interface SayOptions {
  /** A notice that leaves the status line after this many ms (never over an unseen failure). */
  transientMs?: number;
  /** A failure the user must see: counted as unseen until the message log is opened. */
  sticky?: boolean;
  /** Said by a background feed: never hides an unseen failure or what the user was told in the last NOTICE_MS. */
  background?: boolean;
}

export interface MessageLogState {
  message: Message | undefined;
  /** Oldest first. */
  messages: readonly Message[];
  /** Sticky failures said since the message log was last opened. */
  unseenErrors: number;
  messagesScroll: number;
}

export interface MessageLogActions {
  /** Says a message: kept in the log and shown in the status line. */
  say(text: string, level?: Message['level'], options?: SayOptions): void;
  /** Keeps a message in the log only (what the status line already shows in its own words). */
  keepMessage(text: string, level: Message['level']): void;
  /** The log was read: no failure is unseen any more. */
  markMessagesSeen(): void;
  scrollMessages(to: number): void;
}

type Set = (partial: Partial<MessageLogState>) => void;
type Get = () => MessageLogState;

export const initMessageLog = (): MessageLogState => ({ message: undefined, messages: [], unseenErrors: 0, messagesScroll: 0 });

const appended = (messages: readonly Message[], message: Message) => [...messages.slice(-(MESSAGE_LOG_SIZE - 1)), message];

export function createMessageActions(set: Set, get: Get): MessageLogActions {
  return {
    say: (text, level = 'info', options = {}) => {
      const at = Date.now();
      const message: Message = {
        text,
        level,
        at,
        ...(options.transientMs ? { until: at + options.transientMs } : {}),
        ...(options.sticky ? { sticky: true } : {}),
        ...(options.background ? { background: true } : {}),
      };
      const { message: current, messages, unseenErrors } = get();
      const unseenFailure = current?.sticky === true && unseenErrors > 0;
      const answeredRecently = current !== undefined && !current.background && at - (current.at ?? 0) < NOTICE_MS;
      // A transient notice never hides a failure not yet seen, and a background one never hides what the user was just
      // told (a search's match, a refused reload): they go to the log only.
      const keepCurrent = ((options.transientMs !== undefined || options.background) && unseenFailure) || (options.background === true && answeredRecently);
      set({
        messages: appended(messages, message),
        unseenErrors: unseenErrors + (options.sticky ? 1 : 0),
        ...(keepCurrent ? {} : { message }),
      });
      if (options.transientMs && !keepCurrent) {
        const timer = setTimeout(() => {
          if (get().message === message) set({ message: undefined });
        }, options.transientMs);
        timer.unref?.();
      }
    },
    keepMessage: (text, level) => set({ messages: appended(get().messages, { text, level, at: Date.now() }) }),
    markMessagesSeen: () => set({ unseenErrors: 0, messagesScroll: 0 }),
    scrollMessages: (to) => set({ messagesScroll: Math.max(0, to) }),
  };
}
