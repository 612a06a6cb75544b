// The reading aids of a post page, without a client bundle: copy buttons (a code block's code, the page's link), the
// table of contents open beside the text on wide screens and closed on phones, with the section being read marked
// (aria-current). Without JavaScript the copy buttons stay hidden and the contents are a plain <details>. Plain ESM
// so server.mjs and next.config.mjs can hash it for the Content-Security-Policy (lib/server/security.mjs).
export const readingScript = `(function(){var d=document,live;
function say(t){if(!live){live=d.createElement('span');live.className='visually-hidden';live.setAttribute('role','status');d.body.appendChild(live)}live.textContent='';setTimeout(function(){live.textContent=t},30)}
function text(b){if(b.getAttribute('data-copy')==='link')return new URL(b.getAttribute('data-url')||'',location.href).href;var f=b.closest('figure'),c=f&&f.querySelector('pre code');if(!c)return '';var l=c.querySelectorAll('[data-line]');return l.length?Array.prototype.map.call(l,function(x){return x.textContent}).join('\\n'):c.textContent}
if(navigator.clipboard&&window.isSecureContext){Array.prototype.forEach.call(d.querySelectorAll('[data-copy]'),function(b){b.hidden=false});
d.addEventListener('click',function(e){var b=e.target&&e.target.closest&&e.target.closest('[data-copy]');if(!b)return;var label=b.getAttribute('data-label')||b.textContent;b.setAttribute('data-label',label);navigator.clipboard.writeText(text(b)).then(function(){var done=b.getAttribute('data-copied')||'Copied';b.textContent=done.split(' (')[0];b.setAttribute('data-state','copied');say(done);clearTimeout(b._t);b._t=setTimeout(function(){b.textContent=label;b.removeAttribute('data-state')},2000)},function(){say(b.getAttribute('data-failed')||'Copy failed')})})}
var toc=d.querySelector('[data-toc]');if(!toc)return;var det=toc.querySelector('details'),wide=matchMedia('(min-width: 75rem)');
function fit(){if(det)det.open=wide.matches}fit();if(wide.addEventListener)wide.addEventListener('change',fit);
var links=Array.prototype.slice.call(toc.querySelectorAll('a[href^="#"]')),heads=links.map(function(a){return d.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)))}),cur=-1,queued=false;
function mark(){queued=false;var y=Math.min(innerHeight*0.3,160),n=-1;for(var i=0;i<heads.length;i++){if(heads[i]&&heads[i].getBoundingClientRect().top<=y)n=i}if(n===cur)return;if(cur>=0)links[cur].removeAttribute('aria-current');cur=n;if(n>=0)links[n].setAttribute('aria-current','location')}
addEventListener('scroll',function(){if(!queued){queued=true;requestAnimationFrame(mark)}},{passive:true});addEventListener('resize',mark);mark()})();`;
