// The limits a comment is held to, shared by the server's checks (service.ts) and the form's help text (post-end.mjs).
export const LIMITS_TEXT = { name: 40, body: 4000, links: 2 };
