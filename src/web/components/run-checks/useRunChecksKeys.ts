import { useEffect, useRef } from 'react';

export interface RunChecksActions {
  next(): void;
  previous(): void;
  open(): void;
  review(): void;
  markSuccess(): void;
  mail(): void;
  select(): void;
  reviewGreen(): void;
  close(): void;
  help(): void;
}

/** The shortcuts, as the help dialog lists them. */
export const keyHelp: [string[], string][] = [
  [['j', '↓'], 'Next job (opens it when a job is open)'],
  [['k', '↑'], 'Previous job (likewise)'],
  [['Enter', 'o'], 'Open the job'],
  [['r'], 'Mark reviewed (the open job, then on to the next; else the ticked or current one)'],
  [['g'], 'Review all green jobs'],
  [['s'], 'Mark the first non-green run as success'],
  [['m'], 'Open or close the mail of the newest run'],
  [['x'], 'Tick the current job for bulk review'],
  [['Esc'], 'Close the mail, else the job'],
  [['?'], 'This help'],
];

const keys: Record<string, keyof RunChecksActions> = {
  j: 'next', ArrowDown: 'next', k: 'previous', ArrowUp: 'previous', Enter: 'open', o: 'open', r: 'review', s: 'markSuccess', m: 'mail', x: 'select', g: 'reviewGreen', Escape: 'close', '?': 'help',
};

/** Run Checks shortcuts; ignored while typing in a field, with a modifier held, or while a dialog is open (`active` false). */
export function useRunChecksKeys(active: boolean, actions: RunChecksActions): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      // Typing in a field is not a shortcut; a ticked checkbox (a row's, clicked with the mouse) keeps them.
      const typing = target && (target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName) || (target instanceof HTMLInputElement && target.type !== 'checkbox'));
      if (typing) return;
      // Enter on a focused button or link does what the button says, not "open".
      if (event.key === 'Enter' && target && ['BUTTON', 'A'].includes(target.tagName)) return;
      const action = keys[event.key];
      if (!action) return;
      event.preventDefault();
      latest.current[action]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
}
