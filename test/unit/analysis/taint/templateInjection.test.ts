import * as assert from 'node:assert/strict';
import { taintIds } from './analyzeTaint';

describe('taint: SP004 template injection', () => {
  it('flags render_template_string of a template built from request data', async () => {
    const source = [
      'from flask import request, render_template_string',
      'def hello():',
      '    name = request.args.get("name")',
      '    return render_template_string(f"<h1>Hello {name}</h1>")',
      '',
    ].join('\n');
    assert.deepEqual(await taintIds(source), ['SP004@4']);
  });

  it('flags jinja2.Template and Environment.from_string', async () => {
    const source = [
      'import jinja2',
      'def render(env, user):',
      '    jinja2.Template("Hi " + user)',
      '    env.from_string("Hi %s" % user)',
      '',
    ].join('\n');
    assert.deepEqual(await taintIds(source), ['SP004@3', 'SP004@4']);
  });

  it('does not flag a constant template with untrusted context values', async () => {
    const source = [
      'from flask import request, render_template_string',
      'def hello():',
      '    return render_template_string("<h1>Hello {{ name }}</h1>", name=f"{request.args}")',
      '',
    ].join('\n');
    assert.deepEqual(await taintIds(source), []);
  });
});
