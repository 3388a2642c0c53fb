/** One caller → callee edge: the callee's calls and time when called from `id`. */
export interface ProfileCaller {
  id: number;
  calls: number;
  primitiveCalls: number;
  tottime: number;
  cumtime: number;
}

export interface ProfileFunction {
  id: number;
  /** Host path when the file is in the workspace, else the sandbox path; "~" for built-ins. */
  file: string;
  line: number;
  name: string;
  calls: number;
  /** Calls that were not recursive. */
  primitiveCalls: number;
  /** Seconds in the function itself. */
  tottime: number;
  /** Seconds in the function and everything it called. */
  cumtime: number;
  callers: ProfileCaller[];
  /** True when `file` is a host file of the workspace (the view links it to the editor). */
  inWorkspace?: boolean;
}

/** What python/snakepit_profile writes (version 1), paths mapped to the host by mapProfilePaths. */
export interface ProfileReport {
  version: 1;
  python: string;
  /** sys.executable, sys.prefix and whether that is a venv (reports from older helpers lack them). */
  executable?: string;
  prefix?: string;
  venv?: boolean;
  exitCode: number;
  wallTime: number;
  totalTime: number;
  functions: ProfileFunction[];
}

/** Checks the helper's JSON; a report that is not one is an error that names what is wrong. */
export function parseProfileReport(text: string): ProfileReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`the profile is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const report = data as Partial<ProfileReport>;
  if (typeof report !== 'object' || report === null || report.version !== 1 || !Array.isArray(report.functions)) {
    throw new Error('the profile is not a snakepit_profile report (version 1 with a functions list)');
  }
  const ids = new Set<number>();
  for (const fn of report.functions) {
    const ok =
      typeof fn === 'object' && fn !== null && Number.isInteger(fn.id) && typeof fn.file === 'string' && Number.isInteger(fn.line) && typeof fn.name === 'string' &&
      [fn.calls, fn.primitiveCalls, fn.tottime, fn.cumtime].every((n) => typeof n === 'number' && Number.isFinite(n)) && Array.isArray(fn.callers);
    if (!ok) throw new Error(`the profile has a malformed function entry: ${JSON.stringify(fn).slice(0, 200)}`);
    ids.add(fn.id);
  }
  for (const fn of report.functions) {
    for (const caller of fn.callers) if (!ids.has(caller.id)) throw new Error(`function ${fn.id} (${fn.name}) names an unknown caller ${caller.id}`);
  }
  return report as ProfileReport;
}

/** Sandbox paths → host paths; functions whose file maps get `inWorkspace`. */
export function mapProfilePaths(report: ProfileReport, toHost: (sandboxPath: string) => string | undefined): ProfileReport {
  return {
    ...report,
    functions: report.functions.map((fn) => {
      const host = fn.file === '~' ? undefined : toHost(fn.file);
      return host === undefined ? { ...fn, inWorkspace: false } : { ...fn, file: host, inWorkspace: true };
    }),
  };
}

/** "file:line(name)" as pstats prints it, or the built-in's name. */
export function functionLabel(fn: Pick<ProfileFunction, 'file' | 'line' | 'name'>): string {
  return fn.file === '~' ? fn.name : `${fn.name} (${fn.file}:${fn.line})`;
}

/** The functions with the most time in themselves first. */
export function hottest(report: ProfileReport, count = 10): ProfileFunction[] {
  return [...report.functions].sort((a, b) => b.tottime - a.tottime || b.cumtime - a.cumtime).slice(0, count);
}
