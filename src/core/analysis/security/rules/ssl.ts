import { callRule, nodeRule } from '../rule';
import { unparenthesize } from '../literals';
import { isAsync } from './passwords';

/** Bandit's default `bad_protocol_versions` (TLS 1.1 since 1.7.5). */
const BAD_PROTOCOLS = [
  'PROTOCOL_SSLv2', 'SSLv2_METHOD', 'SSLv23_METHOD', 'PROTOCOL_SSLv3', 'PROTOCOL_TLSv1', 'SSLv3_METHOD', 'TLSv1_METHOD',
  'PROTOCOL_TLSv1_1', 'TLSv1_1_METHOD',
];
const BAD_PROTOCOL_SET = new Set(BAD_PROTOCOLS);
/** Appears in the argument text of any call with a `method=` or `ssl_version=` keyword. */
const SSL_PROTOCOL_KEYWORD = /method|ssl_version/;

export const sslRules = [
  // B502 (protocol argument) and B504 (ssl.wrap_socket without one).
  callRule({
    names: 'any',
    visit(call, ctx) {
      if (call.name !== 'wrap_socket' && !call.mayHaveKeywords) return;
      // Only ssl.wrap_socket and pyOpenSSL.SSL.Context can report without a method= or ssl_version= keyword.
      if (call.name !== 'wrap_socket' && call.name !== 'Context' && !SSL_PROTOCOL_KEYWORD.test(call.argumentText)) return;
      const qualName = call.qualName;
      if (qualName === 'ssl.wrap_socket') {
        const version = call.keywordEquals('ssl_version', ...BAD_PROTOCOLS);
        if (version === true) ctx.report('B502', call.node, { at: call.keyword('ssl_version') });
        else if (version === undefined) ctx.report('B504', call.node);
      } else if (qualName === 'pyOpenSSL.SSL.Context') {
        if (call.keywordEquals('method', ...BAD_PROTOCOLS)) {
          ctx.report('B502', call.node, {
            at: call.keyword('method'),
            message: 'SSL.Context call with insecure SSL/TLS protocol version identified, security issue.',
          });
        }
      } else if (call.keywordEquals('method', ...BAD_PROTOCOLS) || call.keywordEquals('ssl_version', ...BAD_PROTOCOLS)) {
        ctx.report('B502', call.node, {
          at: call.keyword('method') ?? call.keyword('ssl_version'),
          severity: 'medium',
          confidence: 'medium',
          message: 'Function call with insecure SSL/TLS protocol identified, possible security issue.',
        });
      }
    },
  }),
  // B503: a positional parameter defaulting to a bad protocol constant.
  nodeRule({
    nodeTypes: ['function_definition'],
    visit(node, ctx) {
      const parameters = node.childForFieldName('parameters');
      if (!parameters || isAsync(node)) return;
      for (const parameter of parameters.namedChildren) {
        if (!parameter) continue;
        if (parameter.type === 'keyword_separator' || parameter.type === 'list_splat_pattern' || parameter.type === 'dictionary_splat_pattern') break;
        if (parameter.type !== 'default_parameter' && parameter.type !== 'typed_default_parameter') continue;
        const qualified = ctx.file.imports.qualify(unparenthesize(parameter.childForFieldName('value')));
        if (qualified && BAD_PROTOCOL_SET.has(qualified.slice(qualified.lastIndexOf('.') + 1))) {
          ctx.report('B503', node, { at: node.childForFieldName('name') ?? node });
          return;
        }
      }
    },
  }),
];
