const compiled = new Map<string, RegExp>();

/**
 * A glob as an anchored regular expression over `/`-separated paths: `*` and `?`
 * stay within a segment, `**` spans segments (`**\/` also matches none), `[abc]`,
 * `[!abc]` and `{a,b}` work as in shells; anything else is literal.
 * (node's `path.matchesGlob` is experimental and warns on node 20, hence this.)
 */
export function globToRegExp(glob: string): RegExp {
  let cached = compiled.get(glob);
  if (!cached) {
    cached = new RegExp(`^${translate(glob)}$`);
    compiled.set(glob, cached);
  }
  return cached;
}

export function matchesGlob(path: string, glob: string): boolean {
  return globToRegExp(glob).test(path);
}

function translate(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        i++;
        if (glob[i + 1] === '/' && atSegmentStart) {
          i++;
          out += '(?:[^/]*/)*';
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      out += `[${negated ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) {
      out += '|';
    } else {
      out += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  return out + ')'.repeat(braces);
}
