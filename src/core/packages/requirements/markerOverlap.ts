import { DEFAULT_MARKER_ENVIRONMENT, evaluateNode, parseMarker, type MarkerEnvironment } from './markers';

/**
 * Environments that differ in everything markers usually test: Python 2.7 and 3.6–3.14, CPython and
 * PyPy, Linux/Windows/macOS on x86_64/arm64. Two markers can apply together when one of them makes
 * both true. This is a sample, not a proof: markers testing other values count as overlapping.
 */
const SAMPLE_ENVIRONMENTS: MarkerEnvironment[] = buildSamples();

function buildSamples(): MarkerEnvironment[] {
  const platforms = [
    { os_name: 'posix', sys_platform: 'linux', platform_system: 'Linux' },
    { os_name: 'nt', sys_platform: 'win32', platform_system: 'Windows' },
    { os_name: 'posix', sys_platform: 'darwin', platform_system: 'Darwin' },
  ];
  const machines = ['x86_64', 'aarch64', 'arm64', 'AMD64'];
  const pythons = ['2.7.18', '3.6.15', '3.7.17', '3.8.20', '3.9.20', '3.10.15', '3.11.10', '3.12.7', '3.13.0', '3.14.0'];
  const implementations = [
    { platform_python_implementation: 'CPython', implementation_name: 'cpython' },
    { platform_python_implementation: 'PyPy', implementation_name: 'pypy' },
  ];
  const samples: MarkerEnvironment[] = [];
  for (const platform of platforms) {
    for (const platform_machine of machines) {
      for (const full of pythons) {
        for (const implementation of implementations) {
          const python_version = full.split('.').slice(0, 2).join('.');
          samples.push({ ...DEFAULT_MARKER_ENVIRONMENT, ...platform, ...implementation, platform_machine, python_version, python_full_version: full, implementation_version: full });
        }
      }
    }
  }
  return samples;
}

/** True when some environment could install both requirements (no marker means "everywhere"). */
export function markersCanOverlap(first: string | undefined, second: string | undefined): boolean {
  if (first === undefined || second === undefined) {
    return true;
  }
  const a = parseMarker(first);
  const b = parseMarker(second);
  if (!a.ok || !b.ok) {
    return true;
  }
  const extras = [...extraValues(first), ...extraValues(second), ''];
  const holdsSomewhere = (node: typeof a.node): boolean => SAMPLE_ENVIRONMENTS.some((environment) => extras.some((extra) => evaluateNode(node, { ...environment, extra })));
  // A marker no sample satisfies tests something the samples do not vary (`sys_platform == "cygwin"`): assume overlap.
  if (!holdsSomewhere(a.node) || !holdsSomewhere(b.node)) {
    return true;
  }
  return SAMPLE_ENVIRONMENTS.some((environment) =>
    extras.some((extra) => evaluateNode(a.node, { ...environment, extra }) && evaluateNode(b.node, { ...environment, extra })),
  );
}

function extraValues(marker: string): string[] {
  return [...marker.matchAll(/["']([^"']+)["']/g)].map((match) => match[1]);
}
