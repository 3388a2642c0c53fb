/** `just now`, `2 min ago`, `3 h ago`, `5 days ago`: how long ago a validation ran, as lenses and the tree show it. */
export function relativeTime(when: string | number | Date, now: number = Date.now()): string {
  const then = new Date(when).getTime();
  if (Number.isNaN(then)) return 'at an unknown time';
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}
