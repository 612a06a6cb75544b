// What the comments app adds after a post (the blog's extension point "blog.post-end"): the comments section, its
// form (hidden until the island runs) and the island itself (client-script.mjs). The same HTML for every reader, so the
// post page stays in the page cache; the comments arrive in the browser. Plain JavaScript (createElement, no JSX)
// because extension-point modules are plain .mjs.
import { createElement as h } from 'react';
import { commentsScript } from './client-script.mjs';
import { LIMITS_TEXT } from './limits.mjs';

const words = {
  ko: {
    heading: '댓글',
    noscript: '댓글을 보고 쓰려면 JavaScript가 필요합니다.',
    loading: '댓글을 불러오는 중…',
    formHeading: '댓글 쓰기',
    name: '이름',
    email: '이메일 (선택, 공개되지 않음)',
    body: '댓글',
    help: `마크다운 일부(굵게, 기울임, 코드, 인용, 목록, 링크)를 쓸 수 있습니다. 링크는 ${LIMITS_TEXT.links}개까지, ${LIMITS_TEXT.body}자까지. 관리자 승인 후 보입니다.`,
    honeypot: '웹사이트 (비워 두세요)',
    submit: '댓글 남기기',
    cancelReply: '답글 취소',
    client: {
      none: '아직 댓글이 없습니다. 첫 댓글을 남겨 주세요.',
      loadFailed: '댓글을 불러오지 못했습니다. 잠시 후 다시 시도해 주세요.',
      reply: '답글',
      replyTo: '%s 님에게 답글',
      replyingTo: '%s 님에게 답글을 씁니다.',
      by: '%s 님의 댓글',
      as: '%s(으)로 로그인하여 씁니다.',
      sending: '보내는 중…',
      sent: '댓글을 보냈습니다.',
      failed: '보내지 못했습니다. 잠시 후 다시 시도해 주세요.',
    },
  },
  en: {
    heading: 'Comments',
    noscript: 'Reading and writing comments needs JavaScript.',
    loading: 'Loading comments…',
    formHeading: 'Leave a comment',
    name: 'Name',
    email: 'Email (optional, never shown)',
    body: 'Comment',
    help: `Some Markdown works (bold, italics, code, quotes, lists, links). At most ${LIMITS_TEXT.links} links and ${LIMITS_TEXT.body} characters. Shown once approved.`,
    honeypot: 'Website (leave empty)',
    submit: 'Post comment',
    cancelReply: 'Cancel reply',
    client: {
      none: 'No comments yet. Be the first to write one.',
      loadFailed: 'The comments could not be loaded. Try again shortly.',
      reply: 'Reply',
      replyTo: 'Reply to %s',
      replyingTo: 'Replying to %s.',
      by: 'Comment by %s',
      as: 'Writing as %s (signed in).',
      sending: 'Sending…',
      sent: 'Comment sent.',
      failed: 'It could not be sent. Try again shortly.',
    },
  },
};

/** @param {{ label: string, name: string, id: string, type?: string, autoComplete?: string, maxLength?: number, guest?: boolean, required?: boolean }} p */
function field({ label, name, id, type = 'text', autoComplete, maxLength, guest, required }) {
  return h(
    'p',
    { className: 'comments-field', 'data-guest': guest ? '' : undefined },
    h('label', { htmlFor: id }, label),
    h('input', { id, name, type, autoComplete, maxLength, required }),
  );
}

/**
 * The section after a post.
 * @param {{ lang: 'ko' | 'en', post: { slug: string } }} props
 */
export function PostEnd({ lang, post }) {
  const w = words[lang] ?? words.ko;
  return h(
    'section',
    { id: 'comments', className: 'comments', 'aria-labelledby': 'comments-heading', 'data-comments': '', 'data-post': post.slug, 'data-words': JSON.stringify(w.client) },
    h('h2', { id: 'comments-heading' }, w.heading, h('span', { 'data-comments-count': '' })),
    h('div', { 'data-comments-list': '', 'aria-live': 'polite' }, h('p', { className: 'comments-empty' }, w.loading)),
    h('p', { className: 'comments-noscript', 'data-comments-noscript': '' }, w.noscript),
    h(
      'form',
      { className: 'comments-form', hidden: true, noValidate: true, 'aria-labelledby': 'comments-form-heading' },
      h('h3', { id: 'comments-form-heading' }, w.formHeading),
      h('p', { className: 'comments-replying', 'data-comments-replying': '', hidden: true }, h('span', null), ' ', h('button', { type: 'button' }, w.cancelReply)),
      h('p', { className: 'comments-viewer', 'data-comments-viewer': '', hidden: true }),
      field({ label: w.name, name: 'name', id: 'comment-name', autoComplete: 'name', maxLength: LIMITS_TEXT.name, guest: true, required: true }),
      field({ label: w.email, name: 'email', id: 'comment-email', type: 'email', autoComplete: 'email', maxLength: 254, guest: true }),
      h(
        'p',
        { className: 'comments-field' },
        h('label', { htmlFor: 'comment-body' }, w.body),
        h('textarea', { id: 'comment-body', name: 'body', rows: 5, required: true, maxLength: LIMITS_TEXT.body, 'aria-describedby': 'comment-help' }),
        h('small', { id: 'comment-help', className: 'comments-help' }, w.help),
      ),
      // The honeypot: out of sight and out of the tab order; a program filling every field fills it.
      h('p', { className: 'comments-hp', 'aria-hidden': 'true' }, h('label', { htmlFor: 'comment-website' }, w.honeypot), h('input', { id: 'comment-website', name: 'website', type: 'text', tabIndex: -1, autoComplete: 'off' })),
      h('input', { type: 'hidden', name: 'parent', value: '' }),
      h('p', { className: 'comments-status', 'data-comments-status': '', role: 'status', 'aria-live': 'polite' }),
      h('button', { type: 'submit' }, w.submit),
    ),
    h('script', { dangerouslySetInnerHTML: { __html: commentsScript } }),
  );
}

const provided = { label: 'comments', PostEnd };
export default provided;
