// How the admin shows comments: the moderation queue (pending first), filters by status and post, bulk approve / spam.
import type { ModelAdmin } from '../../lib/app';

const admin: ModelAdmin[] = [
  {
    model: 'Comment',
    verboseName: '댓글',
    verboseNamePlural: '댓글',
    listDisplay: ['name', 'excerpt()', 'post', 'status', 'createdAt'],
    listFilter: ['status', 'post'],
    searchFields: ['name', 'body'],
    ordering: ['-createdAt', '-id'],
    dateHierarchy: 'createdAt',
    // Comments are written by readers on the post page; the admin approves, marks as spam, deletes.
    addable: false,
    readonlyFields: ['post', 'parent', 'name', 'email', 'userId', 'body', 'html', 'ipHash', 'createdAt'],
    fieldsets: [{ fields: ['status', 'post', 'parent', 'name', 'email', 'userId', 'body', 'createdAt', 'ipHash'] }],
    actions: [
      { name: 'approve', label: '승인', labelEn: 'Approve' },
      { name: 'spam', label: '스팸으로 표시', labelEn: 'Mark as spam' },
    ],
    fieldLabels: {
      name: { ko: '이름', en: 'Name' },
      email: { ko: '이메일(비공개)', en: 'Email (never shown)' },
      post: { ko: '글', en: 'Post' },
      parent: { ko: '답글 대상', en: 'Reply to' },
      userId: { ko: '회원 번호', en: 'User (id)' },
      body: { ko: '내용', en: 'Body' },
      html: { ko: '표시되는 HTML', en: 'Rendered HTML' },
      status: { ko: '상태', en: 'Status' },
      ipHash: { ko: '주소 해시', en: 'Address hash' },
      createdAt: { ko: '작성 시각', en: 'Written at' },
    },
    // New comments wait for the author: the dashboard says how many, linked to the queue.
    attention: { filter: { status: 'pending' }, label: { ko: '검토 대기', en: 'Awaiting moderation' } },
    choiceLabels: {
      status: { pending: { ko: '검토 대기', en: 'Pending' }, approved: { ko: '승인됨', en: 'Approved' }, spam: { ko: '스팸', en: 'Spam' } },
    },
  },
];

export default admin;
