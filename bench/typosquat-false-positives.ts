// Typosquat detection against real project names: which real names it flags (false positives, must be 0),
// which known squats it catches, how often popular projects look like each other, and how long a check takes.
// Usage: npx tsx bench/typosquat-false-positives.ts [--names FILE] [--index URL_OR_DIR]... [--write-names FILE]
//   --names FILE        real project names, one per line (`#` comments allowed)
//   --index URL_OR_DIR  a PEP 503 simple index (file:// or http(s)://, or a folder) or a find-links folder
//   --write-names FILE  also write the collected names there (sorted), e.g. to refresh the unit test's list
// Without --names/--index, the names come from the indexes pip is configured with (`pip config list`:
// index-url, extra-index-url, find-links), read at run time.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeName } from '../src/core/packages/names';
import { POPULAR_PROJECTS } from '../src/core/packages/popularProjects';
import { TARGETED_PROJECTS } from '../src/core/packages/popularProjectsTargeted';
import { closestPopularProject, isPopularProject, popularProjectNames, typosquatTarget } from '../src/core/packages/typosquat';

/** Squats the ranking extension is meant to catch (one typo each of a project often imitated). */
const MISSES = ['dicsord.py', 'freqtrde', 'solanna', 'pytorh', 'python-binanse', 'cryptocompar', 'requests-sdk'];

function pipConfiguredSources(): string[] {
  let text = '';
  for (const command of [['python3', '-m', 'pip'], ['pip']]) {
    try {
      text = execFileSync(command[0], [...command.slice(1), 'config', 'list'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      break;
    } catch {
      // try the next way to run pip
    }
  }
  const sources: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^[^=]*\.(index-url|extra-index-url|find-links)='(.*)'$/.exec(line.trim());
    if (match) sources.push(...match[2].split(/\s+/).filter((value) => value.length > 0));
  }
  return [...new Set(sources)];
}

/** Anchor texts and hrefs of an HTML page (simple indexes and find-links pages are lists of links). */
function anchors(html: string): string[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/gi)].map((m) => m[2].trim() || m[1]);
}

/** The project a distribution file name belongs to (`foo_bar-1.0-py3-none-any.whl`, `foo-bar-1.0.tar.gz`). */
function projectOfFile(file: string): string | undefined {
  const base = decodeURIComponent(file.split('#')[0].split('/').pop() ?? '');
  const wheel = /^([^-]+)-[^-]+(-[^-]+)?-[^-]+-[^-]+-[^-]+\.whl$/i.exec(base);
  if (wheel) return wheel[1];
  const sdist = /^(.+?)-v?\d[^-]*\.(tar\.gz|tar\.bz2|tgz|zip|tar)$/i.exec(base);
  return sdist?.[1];
}

async function readText(location: string): Promise<string | undefined> {
  if (/^https?:\/\//.test(location)) {
    const response = await fetch(location, { signal: AbortSignal.timeout(20_000) });
    return response.ok ? response.text() : undefined;
  }
  return fs.existsSync(location) && fs.statSync(location).isFile() ? fs.readFileSync(location, 'utf8') : undefined;
}

async function namesFromSource(source: string): Promise<string[]> {
  const local = source.startsWith('file:') ? fileURLToPath(source) : /^https?:\/\//.test(source) ? undefined : source;
  if (local !== undefined && fs.existsSync(local) && fs.statSync(local).isDirectory()) {
    const page = path.join(local, 'index.html');
    const entries = fs.readdirSync(local, { withFileTypes: true });
    const files = entries.filter((entry) => entry.isFile()).map((entry) => projectOfFile(entry.name)).filter((name): name is string => name !== undefined);
    if (files.length > 0) return files; // a find-links folder
    if (fs.existsSync(page)) return anchors(fs.readFileSync(page, 'utf8')); // a simple index's root page
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name); // a simple index without a root page
  }
  const url = local ?? (source.endsWith('/') ? source : `${source}/`);
  const html = await readText(url);
  if (html === undefined) {
    console.error(`  ${source}: nothing to read`);
    return [];
  }
  const links = anchors(html);
  const files = links.map(projectOfFile).filter((name): name is string => name !== undefined);
  return files.length > 0 ? files : links;
}

async function realNames(args: string[]): Promise<{ names: string[]; from: string[] }> {
  const files: string[] = [];
  const indexes: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--names') files.push(args[++i]);
    else if (args[i] === '--index') indexes.push(args[++i]);
  }
  const from: string[] = [];
  const names: string[] = [];
  for (const file of files) {
    names.push(...fs.readFileSync(file, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line.length > 0 && !line.startsWith('#')));
    from.push(file);
  }
  const sources = files.length === 0 && indexes.length === 0 ? pipConfiguredSources() : indexes;
  for (const source of sources) {
    const found = await namesFromSource(source);
    from.push(`${source} (${found.length})`);
    names.push(...found);
  }
  return { names: [...new Set(names.map(normalizeName))].sort(), from };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const { names, from } = await realNames(args);
  const first = process.hrtime.bigint();
  closestPopularProject('first-check-builds-the-index');
  const indexMs = Number(process.hrtime.bigint() - first) / 1e6;
  const writeAt = args.indexOf('--write-names');
  if (writeAt >= 0) fs.writeFileSync(args[writeAt + 1], `${names.join('\n')}\n`);
  console.log(`real project names: ${names.length} from ${from.join(', ') || 'nowhere'}`);
  const flagged = names.map((name) => ({ name, match: typosquatTarget(name) })).filter(({ match }) => match !== undefined);
  console.log(`false positives: ${flagged.length} of ${names.length}${names.filter(isPopularProject).length ? ` (${names.filter(isPopularProject).length} of them popular themselves)` : ''}`);
  for (const { name, match } of flagged) console.log(`  ${name} → ${match!.intended} (${match!.how})`);

  console.log('known squats:');
  for (const name of MISSES) {
    const match = typosquatTarget(name);
    console.log(`  ${match ? 'caught' : 'MISSED'} ${name}${match ? ` → ${match.intended} (${match.how})` : ''}`);
  }

  const popular = popularProjectNames();
  const lookalikes = popular.filter((name) => closestPopularProject(name, (candidate) => candidate !== name) !== undefined);
  const popularFlagged = popular.filter((name) => typosquatTarget(name) !== undefined);
  console.log(`popular names: ${popular.length}; flagged: ${popularFlagged.length}; resembling another popular name under the rules: ${lookalikes.length} (${((100 * lookalikes.length) / popular.length).toFixed(1)} %)`);

  // Recall on made-up squats: one typo of each kind in each popular name (a fixed position in the middle).
  const kinds: Record<string, (name: string, at: number) => string> = {
    'adjacent letters swapped': (name, at) => name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2),
    'letter doubled': (name, at) => name.slice(0, at + 1) + name.slice(at),
    'letter missing': (name, at) => name.slice(0, at) + name.slice(at + 1),
    'letter changed': (name, at) => name.slice(0, at) + (name[at] === 'x' ? 'z' : 'x') + name.slice(at + 1),
  };
  const curated = new Set([...POPULAR_PROJECTS, ...TARGETED_PROJECTS]);
  for (const [kind, make] of Object.entries(kinds)) {
    const tally = { curated: [0, 0], ranked: [0, 0] };
    for (const name of popular) {
      const at = name.length >> 1;
      const squat = make(name, at);
      if (name.length < 6 || name[at] === '-' || name[at + 1] === '-' || isPopularProject(squat)) continue;
      const counts = curated.has(name) ? tally.curated : tally.ranked;
      counts[1]++;
      if (typosquatTarget(squat) !== undefined) counts[0]++;
    }
    const rate = ([caught, all]: number[]) => `${caught}/${all} (${((100 * caught) / all).toFixed(0)} %)`;
    console.log(`made-up squats, ${kind}: curated names ${rate(tally.curated)}, ranked-only names ${rate(tally.ranked)}`);
  }

  // Per-name check time without the memo: real names, their one-typo variants and random strings.
  const probes: string[] = [];
  for (const name of names) {
    probes.push(name, `${name.slice(0, 1)}${name.slice(2)}`, `${name}x`, `python-${name}`);
  }
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 2000; i++) {
    probes.push(Array.from({ length: 4 + Math.floor(random() * 20) }, () => 'abcdefghijklmnopqrstuvwxyz-0123456789'[Math.floor(random() * 37)]).join('').replace(/^-+|-+$/g, 'a'));
  }
  const times: number[] = [];
  for (const probe of probes) {
    const normalized = normalizeName(probe);
    const start = process.hrtime.bigint();
    closestPopularProject(normalized, (candidate) => candidate !== normalized);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`first check, which builds the candidate index: ${indexMs.toFixed(1)} ms`);
  console.log(`check time over ${probes.length} names (no memo): median ${percentile(times, 0.5).toFixed(4)} ms, p99 ${percentile(times, 0.99).toFixed(4)} ms, max ${times[times.length - 1].toFixed(3)} ms`);
  if (flagged.length > 0) process.exitCode = 1;
}

void main();
