export { deadOwner, FakeEngine, type ArgvMatcher, type ExecHandler, type ExecReply, type FakeCall, type FakeEngineOptions, type FakeExecContext, type FakeHang, type FakeOperation, type FakeSandbox, type SpawnHandler } from './fakeEngine';
export { FakeFiles, type FakeEntry, type WriteOptions } from './fakeFiles';
export { FakeProcess } from './fakeProcess';
