// The generated typings declare the `ispchat:*` modules ambiently; only a reference pulls them in.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../types/index.d.ts" />
// @ispchat/plugin-sdk: what a plugin imports. Host access goes through the `ispchat:host/*`
// modules, which the component provides at run time and the test harness fakes in Node.

export type * from './types';
export * from './bytes';
export { parseJson, MAX_JSON_DEPTH } from './json';
export { ComponentError, fail, hostErrorOf, describeError } from './errors';
export { log } from './log';
export type { LogFields } from './log';
export { settings } from './settings';
export { secrets, secretPlaceholder, crypto } from './secrets';
export { now } from './clock';
export { kv } from './kv';
export type { SetOptions, JsonEntry, UpdateOptions } from './kv';
export { http, buildRequest } from './http';
export type { RequestOptions, HttpResult, HttpReply } from './http';
export { text, textOf, typedTextOf, normalizeText, mentionsAny } from './content';
export { bot, defineBot } from './bot';
export type { ResponseOptions } from './bot';
export { routing, hasCapacity, defineRouter } from './router';
export { defineClassifier, classification } from './classifier';
export { defineChannel, sendFailed, webhookBodyText, webhookHeader, webhookReply } from './channel';
export type { ChannelHandlers } from './channel';
