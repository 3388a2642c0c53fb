/** PEP 503 normalised project name: lower case, runs of `-`, `_`, `.` as one `-`. */
export function normalizeProjectName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/**
 * The project name at the start of a PEP 508 requirement (`requests[socks]>=2; python_version<"3.8"`
 * → `requests`), or undefined when there is none (a bare URL or path).
 */
export function requirementName(requirement: string): string | undefined {
  const match = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?=$|[[(<>=!~;@\s,])/.exec(requirement);
  return match?.[1];
}
