// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient `ispchat:*` modules
/// <reference path="../../types/index.d.ts" />
// @ispchat/plugin-sdk/testing: run plugin code in Node against a fake host.
export { FakeHost, HostCallError, httpFailure, isBlockedAddress, LIMITS } from './fake-host';
export type { FakeHostOptions, FakeResponse, HttpHandler, LogEntry, SentRequest } from './fake-host';
export { fixtures } from './fixtures';
export { loadComponent, ExportError } from './component';
export type { ComponentExports, BotExports, RouterExports, ClassifierExports, ChannelExports } from './component';
