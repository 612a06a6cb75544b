// "공유하기" under a post: copy the link (a button lib/reading-script.mjs reveals and wires; hidden without JavaScript)
// and plain share links to X, Facebook, LinkedIn and Naver. Links only: no third-party script, no tracking pixel, no
// request to those sites until the reader follows one.
import { t, type Lang } from '../../../lib/i18n';
import { PreparedPart } from './prepared';

/** The share addresses for an absolute post URL and its title (each site's documented share-by-URL endpoint). */
export function shareLinks(lang: Lang, url: string, title: string) {
  const u = encodeURIComponent(url);
  const ti = encodeURIComponent(title);
  return [
    { id: 'x', name: 'X', href: `https://twitter.com/intent/tweet?text=${ti}&url=${u}` },
    { id: 'facebook', name: 'Facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { id: 'linkedin', name: 'LinkedIn', href: `https://www.linkedin.com/sharing/share-offsite/?url=${u}` },
    { id: 'naver', name: t(lang).naver, href: `https://share.naver.com/web/shareView?url=${u}&title=${ti}` },
  ];
}

/** `owner`: the kept post the links are made from, so they are written as HTML prepared once (prepared.tsx). */
export function SharePost({ lang, url, title, owner }: { lang: Lang; url: string; title: string; owner?: object }) {
  const dict = t(lang);
  return (
    <PreparedPart owner={owner ?? {}} name={`${lang}:share:${url}`} tag="section" props={{ className: 'post-share', 'aria-labelledby': 'share-heading', lang }}>
      <h2 id="share-heading" className="post-share-heading">
        {dict.share}
      </h2>
      <ul className="post-share-list">
        <li>
          <button type="button" className="share-button" hidden data-copy="link" data-url={url} data-copied={dict.linkCopied} data-failed={dict.copyFailed}>
            {dict.copyLink}
          </button>
        </li>
        {shareLinks(lang, url, title).map((s) => (
          <li key={s.id}>
            {/* The name read out is the visible one in a sentence (no aria-label that could drift from what is seen). */}
            <a className="share-button" href={s.href} target="_blank" rel="noopener noreferrer" data-share={s.id}>
              {dict.shareBefore && <span className="visually-hidden">{dict.shareBefore}</span>}
              {s.name}
              <span className="visually-hidden">{dict.shareAfter}</span>
            </a>
          </li>
        ))}
      </ul>
    </PreparedPart>
  );
}
