// The HTTP layer for TypeScript callers: the request checks (http-guard.mjs) and endpoint declarations with their
// Next and Node adapters (endpoint.mjs), one implementation each, in plain ESM so server.mjs can load them too.
export { BodyLimit, checkDeclaredLength, checkJsonContentType, clip, describeZodError, HttpError, jsonTooDeep, parseJsonText, validate } from './http-guard.mjs';
export { defineEndpoint, nextRoute, nodeHandler, readRequestText, Reply } from './endpoint.mjs';
