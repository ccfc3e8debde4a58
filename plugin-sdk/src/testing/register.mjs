// Loaded with `node --import` by `ispchat-plugin test`: installs the module hooks that let plugin
// code and its tests run in Node (see hooks.mjs).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
