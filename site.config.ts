// The site's settings that live in code (Django's settings.py). Secrets and URLs come from the environment (lib/settings.ts).
// INSTALLED_APPS: the explicit list below is the one place an app is installed: 'manifold/<label>' is a contrib app of
// the framework (Django's 'django.contrib.auth'), a bare label is this site's apps/<label>/; `manage startapp` adds to it. Only the
// registry generator (`manage sync`, lib/registry/generate.ts) reads it; everything else reads the generated registry.
export const installedApps = ['manifold/accounts', 'manifold/admin', 'manifold/blog', 'manifold/media', 'manifold/comments', 'manifold/ml', 'demos'] as const;

export const siteConfig = {
  name: 'Manifold',
  title: '머신러닝 노트',
  titleEn: 'Machine Learning Notes',
  description: '딥러닝 개념과 논문 리뷰, 파이썬과 장고를 공부하며 정리하는 블로그',
  descriptionEn: 'Deep learning concepts, paper reviews, Python and Django, written down while learning.',
  author: 'Manifold',
  language: 'ko',
  timeZone: 'Asia/Seoul',
  postsPerPage: 10,
  contentDir: 'content/posts',
  // Markdown posts: $$…$$ is display math wherever it stands, also mid-sentence (as Tistory and MathJax blogs write it).
  markdownDisplayMath: true,
} as const;
