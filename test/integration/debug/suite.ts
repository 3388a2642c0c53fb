import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { EngineKind } from '../../../src/core/sandbox/engine';
import { assertHostPaths, assertNothingLeft, fixture, Session, tempStateDir, workspace } from './helpers';

/** The DAP behaviour every engine must show, against real sandboxes and the real debugpy. */
export function debugSuite(engine: EngineKind): void {
  let stateDir: string;
  let session: Session;

  before(() => {
    stateDir = tempStateDir();
  });

  after(() => {
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    session = new Session(stateDir);
    await session.start();
  });

  afterEach(async function () {
    await session.stop();
    if (this.currentTest?.state === 'passed') await assertNothingLeft(stateDir, engine, session.sandboxName);
  });

  const launch = (program: string, extra: Record<string, unknown> = {}) => ({ program: fixture(program), sandbox: { engine }, ...extra });

  it('stops at breakpoints in the program and in an imported module, every frame with a host path', async () => {
    const [main, helpers] = await session.launch(launch('main.py'), { 'main.py': [{ line: 8 }], 'helpers.py': [{ line: 2 }] });
    assert.ok(main.body.breakpoints[0].verified && helpers.body.breakpoints[0].verified, 'both breakpoints are verified');
    assert.equal(main.body.breakpoints[0].source?.path ?? fixture('main.py'), fixture('main.py'));
    await session.waitForStop('breakpoint');
    let where = await session.where();
    assert.deepEqual([where.file, where.line], [fixture('main.py'), 8]);
    await session.client.continueRequest({ threadId: (await session.client.threadsRequest()).body.threads[0].id });
    await session.waitForStop('breakpoint');
    const frames = await session.topFrames();
    assertHostPaths(frames);
    assert.deepEqual(
      frames.filter((f) => f.source?.path?.startsWith(workspace)).map((f) => [f.name, f.source?.path, f.line]),
      [
        ['greet', fixture('helpers.py'), 2],
        ['main', fixture('main.py'), 8],
        ['<module>', fixture('main.py'), 16],
      ],
    );
    where = await session.where();
    assert.equal(where.file, fixture('helpers.py'));
  });

  it('honours a condition and a hit count, and evaluates in the stopped frame', async () => {
    await session.launch(launch('main.py'), { 'helpers.py': [{ line: 2, condition: 'name == "grace"' }], 'main.py': [{ line: 9, hitCondition: '3' }] });
    await session.waitForStop('breakpoint');
    let where = await session.where();
    assert.deepEqual([where.file, where.line], [fixture('helpers.py'), 2]);
    assert.equal(await session.evaluate('name', where.frame.id), "'grace'");
    await session.client.continueRequest({ threadId: (await session.client.threadsRequest()).body.threads[0].id });
    await session.waitForStop('breakpoint');
    where = await session.where();
    assert.deepEqual([where.file, where.line], [fixture('main.py'), 9]);
    assert.equal(await session.evaluate('index', where.frame.id), '2', 'the third hit is the third name');
    assert.equal(await session.evaluate('message.upper()', where.frame.id), "'HELLO LINUS'");
  });

  it('shows variables, sets one, and steps in, over and out', async () => {
    await session.launch(launch('main.py'), { 'main.py': [{ line: 8 }] });
    await session.waitForStop('breakpoint');
    const threadId = (await session.client.threadsRequest()).body.threads[0].id;
    let where = await session.where();
    const locals = await session.locals(where.frame.id);
    assert.equal(locals.name, "'ada'");
    assert.equal(locals.index, '0');
    assert.match(locals.names, /\['ada', 'grace', 'linus'\]/);

    await session.client.stepInRequest({ threadId });
    await session.waitForStop('step');
    where = await session.where();
    assert.deepEqual([where.file, where.line, where.frame.name], [fixture('helpers.py'), 2, 'greet']);

    await session.client.nextRequest({ threadId });
    await session.waitForStop('step');
    where = await session.where();
    assert.deepEqual([where.file, where.line], [fixture('helpers.py'), 3]);
    assert.equal((await session.locals(where.frame.id)).text, "'hello ada'");

    const scopes = (await session.client.scopesRequest({ frameId: where.frame.id })).body.scopes;
    const set = await session.client.setVariableRequest({ variablesReference: scopes[0].variablesReference, name: 'text', value: '"changed"' });
    assert.equal(set.body.value, "'changed'");

    await session.client.stepOutRequest({ threadId });
    await session.waitForStop('step');
    where = await session.where();
    assert.deepEqual([where.file, where.line], [fixture('main.py'), 8]);
    await session.client.nextRequest({ threadId });
    await session.waitForStop('step');
    where = await session.where();
    assert.deepEqual([where.file, where.line], [fixture('main.py'), 9]);
    assert.equal(await session.evaluate('message', where.frame.id), "'changed'", 'the value set in greet() came back to the caller');
  });

  it('prints logpoints and the program output, and reports the exit code', async () => {
    const exited = session.client.waitForEvent('exited', 90_000);
    const terminated = session.client.waitForEvent('terminated', 90_000);
    await session.launch(launch('main.py'), { 'helpers.py': [{ line: 3, logMessage: 'greeted {text}' }] });
    const event = (await exited) as { body: { exitCode: number } };
    assert.equal(event.body.exitCode, 6, 'sys.exit(total) = 6');
    await session.waitForOutput(/total=6/);
    for (const name of ['ada', 'grace', 'linus']) {
      assert.ok(session.outputs.some((o) => o.output.includes(`greeted hello ${name}`)), `logpoint for ${name}`);
      assert.ok(session.outputs.some((o) => o.category === 'stdout' && o.output.includes(`hello ${name}`)), `program output for ${name}`);
    }
    await terminated;
  });

  it('breaks on an uncaught exception with host paths in the exception stack trace', async () => {
    await session.launch(launch('crash.py'), {}, ['uncaught']);
    const stopped = await session.waitForStop('exception');
    const info = await session.client.exceptionInfoRequest({ threadId: stopped.body.threadId! });
    assert.equal(info.body.exceptionId, 'ValueError');
    assert.match(info.body.description ?? '', /boom 7/);
    const trace = info.body.details?.stackTrace ?? '';
    assert.ok(trace.includes(fixture('crash.py')), `the stack trace names the host file:\n${trace}`);
    assert.ok(!trace.includes('/work/workspace'), 'no sandbox path in the stack trace');
    const where = await session.where();
    assert.deepEqual([where.file, where.line], [fixture('crash.py'), 2]);
  });

  it('serves files that exist only in the sandbox (the standard library) through source requests', async () => {
    await session.launch(launch('stdlib_error.py', { justMyCode: false }), {}, ['raised']);
    // "Raised" with justMyCode off also stops at exceptions the interpreter raises and handles while starting: go on to json's.
    let frames: Awaited<ReturnType<Session['topFrames']>> = [];
    for (let stop = 0; stop < 30; stop++) {
      const stopped = await session.waitForStop('exception');
      frames = await session.topFrames(stopped.body.threadId);
      assertHostPaths(frames);
      if (frames.some((f) => f.source?.path?.endsWith('/json/decoder.py'))) break;
      await session.client.continueRequest({ threadId: stopped.body.threadId! });
    }
    const library = frames.find((f) => f.source?.path?.endsWith('/json/decoder.py'));
    assert.ok(library, `a frame in json/decoder.py: ${JSON.stringify(frames.map((f) => f.source?.path))}`);
    assert.ok((library.source?.sourceReference ?? 0) > 0, 'served by reference');
    const source = await session.client.sourceRequest({ source: library.source, sourceReference: library.source!.sourceReference! });
    assert.match(source.body.content, /class JSONDecoder/, 'the text of the sandbox\'s json/decoder.py');
    const user = frames.find((f) => f.source?.path === fixture('stdlib_error.py'));
    assert.equal(user?.line, 4, 'the user frame keeps its host path');
  });

  it('terminates a program that never ends and removes its sandbox', async () => {
    await session.launch(launch('forever.py'));
    await session.waitForOutput(/started/);
    const terminated = session.client.waitForEvent('terminated', 90_000);
    await session.client.terminateRequest({});
    await terminated;
  });

  it('refuses a program that does not exist, naming the attribute, before making any sandbox', async () => {
    const failed = await session.client.launch({ program: fixture('missing.py'), workspaceFolder: workspace, sandbox: { engine } }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    assert.match(failed ?? '', /"program" .*missing\.py does not exist/);
    assert.doesNotMatch(session.outputText, /creating a/, 'no sandbox was made');
    session.sandboxName = 'none-created';
  });
}
