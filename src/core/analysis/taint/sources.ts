import type { SyntaxNode } from '../parser';
import { dottedParts } from '../importScope';

/** Qualified names whose value is untrusted as is (subscripts and `.get()` of them are too). */
export const SOURCE_VALUES: ReadonlySet<string> = new Set(['sys.argv', 'sys.orig_argv', 'os.environ', 'os.environb']);

/** Qualified names of functions that return untrusted data. */
export const SOURCE_CALLS: ReadonlySet<string> = new Set([
  'input',
  'raw_input',
  'builtins.input',
  'os.getenv',
  'os.getenvb',
  'sys.stdin.read',
  'sys.stdin.readline',
]);

/**
 * Attributes of a web request object that hold client-controlled data: Flask/Werkzeug
 * (`args`, `form`, `json`, ...), Django (`GET`, `POST`, `COOKIES`, `META`, `body`, ...),
 * Django REST framework (`query_params`, `data`), Starlette/aiohttp (`query`, `path_params`, ...).
 */
export const REQUEST_DATA_ATTRIBUTES: ReadonlySet<string> = new Set([
  'args',
  'form',
  'values',
  'json',
  'data',
  'cookies',
  'headers',
  'files',
  'view_args',
  'path',
  'full_path',
  'url',
  'base_url',
  'query_string',
  'stream',
  'GET',
  'POST',
  'COOKIES',
  'META',
  'FILES',
  'body',
  'path_info',
  'query_params',
  'path_params',
  'query',
  'match_info',
  'rel_url',
  'content',
  'text',
]);

/** Methods of a web request object that return client-controlled data (`request.get_json()`). */
export const REQUEST_DATA_METHODS: ReadonlySet<string> = new Set([
  'get_json',
  'get_data',
  'get_full_path',
  'build_absolute_uri',
  'json',
  'form',
  'body',
  'text',
  'read',
  'post',
]);

/**
 * Whether `node` names a web request: `request` (Flask's global or Django's view
 * parameter) or an attribute chain ending in `.request` (`self.request`, `flask.request`).
 */
export function isRequestObject(node: SyntaxNode | null): boolean {
  if (!node) return false;
  if (node.type === 'identifier') return node.text === 'request';
  if (node.type !== 'attribute') return false;
  // The chain's last part is the attribute: test it before resolving the whole chain.
  if (node.childForFieldName('attribute')?.text !== 'request') return false;
  const parts = dottedParts(node);
  return parts !== undefined && parts[parts.length - 1] === 'request';
}
