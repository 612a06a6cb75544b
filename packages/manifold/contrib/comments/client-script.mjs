// The comments island: a few lines of plain JavaScript inlined after a post (server.mjs hashes every inline script of a
// page into its Content-Security-Policy), so reader pages still ship no framework. When the comments section nears the
// viewport it fetches GET /api/comments?post=<slug> and shows the threads; the form posts JSON to POST /api/comments.
// Comment HTML comes from the server, rendered and sanitized when the comment was saved; names are set as text.
// The section's strings come in its data-words attribute (Korean or English, by the page), so one text serves every
// page and its hash never changes.
export const commentsScript = `(function(){var s=document.querySelector('[data-comments]');if(!s||!window.fetch)return;
var w=JSON.parse(s.getAttribute('data-words')||'{}'),slug=s.getAttribute('data-post'),list=s.querySelector('[data-comments-list]'),f=s.querySelector('form'),st=s.querySelector('[data-comments-status]'),cnt=s.querySelector('[data-comments-count]'),rep=s.querySelector('[data-comments-replying]'),loaded=false;
function el(t,c,x){var e=document.createElement(t);if(c)e.className=c;if(x!=null)e.textContent=x;return e}
function day(iso){var d=new Date(iso);function p(n){return(n<10?'0':'')+n}return d.getFullYear()+'.'+p(d.getMonth()+1)+'.'+p(d.getDate())}
function one(c,top){var li=el('li','comment');li.id='comment-'+c.id;var a=el('article');a.setAttribute('aria-label',w.by.replace('%s',c.name));var h=el('p','comment-meta');h.appendChild(el('span','comment-author',c.name));var t=el('time',null,day(c.createdAt));t.setAttribute('datetime',c.createdAt);h.appendChild(t);a.appendChild(h);var b=el('div','comment-body');b.innerHTML=c.html;a.appendChild(b);
if(top){var r=el('button','comment-reply',w.reply);r.type='button';r.setAttribute('aria-label',w.replyTo.replace('%s',c.name));r.addEventListener('click',function(){replyTo(c)});a.appendChild(r)}li.appendChild(a);
if(c.replies&&c.replies.length){var ol=el('ol','comment-replies');c.replies.forEach(function(x){ol.appendChild(one(x,false))});li.appendChild(ol)}return li}
function show(d){list.textContent='';if(!d.comments.length){list.appendChild(el('p','comments-empty',w.none))}else{var ol=el('ol','comment-list');d.comments.forEach(function(c){ol.appendChild(one(c,true))});list.appendChild(ol)}cnt.textContent=d.count?' ('+d.count+')':'';
if(d.viewer){f.setAttribute('data-signed-in','');var v=f.querySelector('[data-comments-viewer]');v.textContent=w.as.replace('%s',d.viewer);v.hidden=false;f.querySelectorAll('[data-guest]').forEach(function(g){g.hidden=true})}}
function load(){loaded=true;list.setAttribute('aria-busy','true');fetch('/api/comments?post='+encodeURIComponent(slug),{credentials:'same-origin'}).then(function(r){return r.ok?r.json():Promise.reject(r.status)}).then(show,function(){list.textContent='';list.appendChild(el('p','comments-error',w.loadFailed))}).then(function(){list.removeAttribute('aria-busy')})}
function replyTo(c){f.elements.parent.value=String(c.id);rep.hidden=false;rep.querySelector('span').textContent=w.replyingTo.replace('%s',c.name);f.elements.body.focus()}
rep.querySelector('button').addEventListener('click',function(){f.elements.parent.value='';rep.hidden=true;f.elements.body.focus()});
function say(m,bad){st.textContent=m;st.className=bad?'comments-status error':'comments-status'}
f.hidden=false;s.querySelector('[data-comments-noscript]').hidden=true;
f.addEventListener('submit',function(e){e.preventDefault();var E=f.elements;['name','email','body'].forEach(function(n){E[n].removeAttribute('aria-invalid')});
var data={post:slug,body:E.body.value,website:E.website.value};if(!f.hasAttribute('data-signed-in')){data.name=E.name.value;data.email=E.email.value}if(E.parent.value)data.parent=Number(E.parent.value);
var btn=f.querySelector('button[type=submit]');btn.disabled=true;say(w.sending,false);
fetch('/api/comments',{method:'POST',credentials:'same-origin',headers:{'content-type':'application/json'},body:JSON.stringify(data)}).then(function(r){return r.json().catch(function(){return{}}).then(function(j){return{ok:r.ok,j:j,field:r.headers.get('x-field')}})}).then(function(x){
if(!x.ok){say(x.j.error||w.failed,true);var fe=x.field&&E[x.field];if(fe){fe.setAttribute('aria-invalid','true');fe.focus()}return}
say(x.j.message||w.sent,false);E.body.value='';E.parent.value='';rep.hidden=true;if(x.j.status==='approved')load()},function(){say(w.failed,true)}).then(function(){btn.disabled=false})});
if('IntersectionObserver' in window){var o=new IntersectionObserver(function(es){if(es.some(function(x){return x.isIntersecting})&&!loaded){o.disconnect();load()}},{rootMargin:'400px 0px'});o.observe(s)}else load();
if(location.hash.indexOf('#comment')===0&&!loaded)load()})();`;
