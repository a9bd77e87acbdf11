/**
 * The transcript in the order things happened (issue 12). The shared list keeps entries in the
 * order they were merged, so entries written offline land after what others wrote meanwhile;
 * every view sorts by the writer's time instead. Stable: entries with the same time keep
 * their list order, so nothing reshuffles between renders.
 *
 * An entry without a readable time (missing, or outside the range the server now accepts, from
 * before that check) has nothing to sort by: it stays after the entry before it in the list.
 */
import { isRecordedTime } from '../../../shared/limits.ts';

export function inTimeOrder<T>(items: readonly T[], timeOf: (item: T) => unknown, now = Date.now()): T[] {
  let previous = Number.NEGATIVE_INFINITY;
  return items
    .map((item, index) => {
      const at = timeOf(item);
      if (isRecordedTime(at, now)) previous = at;
      return { item, index, at: previous };
    })
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ item }) => item);
}
