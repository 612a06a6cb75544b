// A generated WordPress WXR 1.2 export of n posts, for benchmarks (import time and memory of a 10,000-post export)
// and tests. Each post has Korean text, inline and display math, a code block, an image, 2 tags, a category from a
// small tree and a comment with a reply. Deterministic: the same n gives the same file.
//   npx tsx packages/manifold/contrib/blog/importers/generate-wxr.ts 10000 > /tmp/wxr-10000.xml
import { pathToFileURL } from 'node:url';

const SITE = 'https://bench.example.com';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function wallClock(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** The export in pieces (header, one string per item, footer): write them to a stream for large n. */
export function* generateWxrChunks(n: number): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench</title>
<link>${SITE}</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>${SITE}</wp:base_site_url>
<wp:base_blog_url>${SITE}</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>${cdata('author1')}</wp:author_login><wp:author_email>${cdata('author1@example.com')}</wp:author_email><wp:author_display_name>${cdata('작성자 1')}</wp:author_display_name></wp:author>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login>${cdata('author2')}</wp:author_login><wp:author_email>${cdata('author2@example.com')}</wp:author_email><wp:author_display_name>${cdata('작성자 2')}</wp:author_display_name></wp:author>
<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>${cdata('ml')}</wp:category_nicename><wp:category_parent>${cdata('')}</wp:category_parent><wp:cat_name>${cdata('머신러닝')}</wp:cat_name></wp:category>
<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>${cdata('deep')}</wp:category_nicename><wp:category_parent>${cdata('ml')}</wp:category_parent><wp:cat_name>${cdata('딥러닝')}</wp:cat_name></wp:category>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>${cdata('math')}</wp:category_nicename><wp:category_parent>${cdata('')}</wp:category_parent><wp:cat_name>${cdata('수학')}</wp:cat_name></wp:category>
`;
  const cats = ['ml', 'deep', 'math'];
  const start = Date.UTC(2015, 0, 1);
  for (let i = 1; i <= n; i++) {
    const date = wallClock(start + i * 3_600_000 * 7);
    const body = `${i}번째 글입니다. 손실 $L_${i} = \\sum_i (y_i - \\hat{y}_i)^2$ 를 줄입니다.
<!--more-->
$$
\\theta_{t+1} = \\theta_t - \\eta \\nabla L(\\theta_t) + ${i}
$$

<pre class="lang:python">def f(x):
    return x * ${i}  # a_1 * b_2
</pre>

<img src="${SITE}/wp-content/uploads/2020/01/img-${i % 100}.png" alt="그림 ${i}" />

<ul><li>항목 <strong>하나</strong></li><li>항목 <em>둘</em></li></ul>`;
    yield `<item>
<title>${cdata(`벤치마크 글 ${i}`)}</title>
<link>${SITE}/${date.slice(0, 10).replaceAll('-', '/')}/post-${i}/</link>
<dc:creator>${cdata(`author${(i % 2) + 1}`)}</dc:creator>
<guid isPermaLink="false">${SITE}/?p=${i + 100}</guid>
<content:encoded>${cdata(body)}</content:encoded>
<excerpt:encoded>${cdata('')}</excerpt:encoded>
<wp:post_id>${i + 100}</wp:post_id>
<wp:post_date>${cdata(date)}</wp:post_date>
<wp:post_date_gmt>${cdata(date)}</wp:post_date_gmt>
<wp:post_name>${cdata(`post-${i}`)}</wp:post_name>
<wp:status>${cdata(i % 50 === 0 ? 'draft' : 'publish')}</wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:post_type>${cdata('post')}</wp:post_type>
<wp:post_password>${cdata('')}</wp:post_password>
<category domain="category" nicename="${cats[i % 3]}">${cdata(cats[i % 3]!)}</category>
<category domain="post_tag" nicename="tag-${i % 40}">${cdata(`태그 ${i % 40}`)}</category>
<category domain="post_tag" nicename="python">${cdata('Python')}</category>
<wp:comment><wp:comment_id>${i * 2}</wp:comment_id><wp:comment_author>${cdata('독자')}</wp:comment_author><wp:comment_author_email>${cdata('r@example.org')}</wp:comment_author_email><wp:comment_date>${cdata(date)}</wp:comment_date><wp:comment_date_gmt>${cdata(date)}</wp:comment_date_gmt><wp:comment_content>${cdata('좋은 글입니다.')}</wp:comment_content><wp:comment_approved>${cdata('1')}</wp:comment_approved><wp:comment_type>${cdata('comment')}</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>${i * 2 + 1}</wp:comment_id><wp:comment_author>${cdata('작성자')}</wp:comment_author><wp:comment_date>${cdata(date)}</wp:comment_date><wp:comment_date_gmt>${cdata(date)}</wp:comment_date_gmt><wp:comment_content>${cdata('감사합니다.')}</wp:comment_content><wp:comment_approved>${cdata('1')}</wp:comment_approved><wp:comment_type>${cdata('comment')}</wp:comment_type><wp:comment_parent>${i * 2}</wp:comment_parent></wp:comment>
</item>
`;
  }
  yield '</channel>\n</rss>\n';
}

/** The whole export as one string (small n; use generateWxrChunks for a large one). */
export function generateWxr(n: number): string {
  return [...generateWxrChunks(n)].join('');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv[2] ?? 10000);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write('usage: generate-wxr.ts <number of posts>\n');
    process.exit(2);
  }
  for (const chunk of generateWxrChunks(n)) process.stdout.write(chunk);
}
