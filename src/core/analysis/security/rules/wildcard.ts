import { callRule, lastPart } from '../rule';
import { SHELL_CALLS, SUBPROCESS_CALLS } from './subprocess';

const VULNERABLE_COMMANDS = ['chown', 'chmod', 'tar', 'rsync'];

function pythonStr(value: unknown): string {
  if (value === undefined) return 'None';
  return String(value);
}

/** B609: a shell command mentioning chown/chmod/tar/rsync together with a `*` wildcard. */
export const wildcardRules = [
  callRule({
    names: [...SHELL_CALLS, ...SUBPROCESS_CALLS].map(lastPart),
    visit(call, ctx) {
      const qualName = call.qualName;
      const viaShell = SHELL_CALLS.has(qualName) || (SUBPROCESS_CALLS.has(qualName) && call.keywordEquals('shell', 'True') === true);
      if (!viaShell || call.args.length === 0) return;
      const command = call.argValue(0);
      let text = '';
      if (Array.isArray(command)) for (const item of command) text += ` ${pythonStr(item)}`;
      else if (typeof command === 'string') text = command;
      if (!text.includes('*') || !VULNERABLE_COMMANDS.some((name) => text.includes(name))) return;
      ctx.report('B609', call.node, { at: call.keyword('shell'), fill: { name: qualName } });
    },
  }),
];
