"""Build the benchmark's saved news pages from ``articles.py``: one ``STEM.html`` (a page in
the layout of one kind of news site, with navigation, cookie banners, bylines, related links,
comments...) and one ``STEM.txt`` (the true article body, paragraphs separated by blank lines)
per article, and ``truth.json`` (title, author, site, published day or null, encoding).

    python tests/data/pages/build.py      # rewrites the files beside this script

The pages are committed; run this only after changing an article or a layout.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from articles import ARTICLES  # noqa: E402

E = html.escape

NAV = """<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li>
<li><a href="/opinion">Opinion</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/subscribe">Subscribe</a></li><li><a href="/login">Sign in</a></li></ul></nav>"""

COOKIE = """<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your
experience, to show you personalised advertising and to analyse our traffic. By clicking
"Accept all" you agree to the storing of cookies on your device.</p>
<button>Accept all</button> <button>Manage preferences</button></div>"""

FOOTER = """<footer class="site-footer"><ul><li><a href="/about">About us</a></li>
<li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a></li>
<li><a href="/terms">Terms of use</a></li><li><a href="/ads">Advertise with us</a></li></ul>
<p>&copy; 2025 All rights reserved. No part of this site may be reproduced without permission.</p>
</footer>"""


def related(titles):
    items = "".join(f'<li><a href="/story/{i}">{E(t)}</a></li>' for i, t in enumerate(titles))
    return f'<aside class="related"><h3>Related stories</h3><ul>{items}</ul></aside>'


RELATED = ["Ministers clash over budget ahead of summer recess",
           "Storm warning issued for coastal districts",
           "Five things to know before the markets open",
           "Opinion: why the talks matter more than the deal"]


def paras(a, tag="p", cls=None):
    c = f' class="{cls}"' if cls else ""
    return "\n".join(f"<{tag}{c}>{E(p)}</{tag}>" for p in a["paragraphs"])


def head(a, extra=""):
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<title>{E(a["title"])} | {E(a["site"])}</title>\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n{extra}\n'
            f'<link rel="stylesheet" href="/static/site.css">\n'
            f'<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}</script>\n'
            f'</head>\n')


def comments(items, wrap="div", cls="comments"):
    lis = "".join(f'<li class="comment"><div class="comment-author">{E(n)}</div>'
                  f'<div class="comment-body"><p>{E(t)}</p></div><a class="reply" href="#">Reply</a></li>'
                  for n, t in items)
    return (f'<{wrap} id="comments" class="{cls}"><h3>{len(items)} comments</h3>'
            f'<ol class="comment-list">{lis}</ol>'
            f'<form class="comment-form"><textarea placeholder="Join the discussion"></textarea>'
            f'<button>Post comment</button></form></{wrap}>')


COMMENTS = [("grainwatcher", "This will not change anything for farmers here, the prices are set elsewhere."),
            ("K. Morrow", "Good reporting, but who actually pays for the new terminal?"),
            ("anon_77", "Another memorandum that nobody will remember next year.")]


# ---------------------------------------------------------------- layouts


def wordpress(a):
    meta = '<meta property="article:published_time" content="2024-03-12T07:45:00+08:00">'
    return head(a, meta) + f"""<body class="single-post">
<header id="masthead"><div class="site-title"><a href="/">{E(a["site"])}</a></div>{NAV}</header>
<div id="content" class="site-content"><main id="main">
<article id="post-4411" class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{E(a["title"])}</h1>
<div class="entry-meta"><span class="byline">By <a class="author" href="/author/me">{E(a["author"])}</a></span>
<span class="posted-on">March 12, 2024</span></div></header>
<div class="entry-content">
{paras(a)}
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/c/trade">Trade</a>, <a href="/c/asia">Asia</a></span>
<span class="tags-links">Tagged <a href="/t/grain">grain</a> <a href="/t/rail">rail</a></span></footer>
</article>
<nav class="post-navigation"><a href="/prev">&larr; Previous: Port strike enters second week</a>
<a href="/next">Next: Harvest forecast revised down &rarr;</a></nav>
{comments(COMMENTS)}
</main>
<aside id="secondary" class="widget-area"><section class="widget"><h2>Most read</h2><ul>
<li><a href="/a">Council approves new ferry timetable</a></li><li><a href="/b">Ten photos of the spring fair</a></li></ul></section>
<section class="widget"><h2>Newsletter</h2><p>Get the morning briefing in your inbox every day.</p></section></aside>
</div>{FOOTER}</body></html>"""


def jsonld_cookie(a):
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
          "datePublished": "2023-02-27T16:20:00+01:00", "dateModified": "2023-02-28T09:00:00+01:00",
          "author": {"@type": "Person", "name": a["author"]},
          "publisher": {"@type": "Organization", "name": a["site"]}}
    extra = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    body = "\n".join(f'<p class="article-body__paragraph">{E(p)}</p>' for p in a["paragraphs"])
    return head(a, extra) + f"""<body>{COOKIE}
<header class="page-header"><a class="logo" href="/">{E(a["site"])}</a>{NAV}</header>
<div class="ad-slot ad-leaderboard">Advertisement</div>
<main><div class="article-container">
<h1 class="article-headline">{E(a["title"])}</h1>
<p class="article-standfirst">Eleven names added; potash ban dropped after objection</p>
<div class="article-byline">By {E(a["author"])}, Brussels correspondent &middot; 27 February 2023</div>
<div class="article-body">
{body}
</div>
<div class="share-tools"><a href="#">Share on X</a> <a href="#">Share on Facebook</a> <a href="#">Copy link</a></div>
</div>
{related(RELATED)}
<section class="more-from"><h2>More from Europe</h2><ul><li><a href="/e1">Rail strike called off in Belgium</a></li>
<li><a href="/e2">Dutch coalition talks stall again</a></li><li><a href="/e3">Portugal raises minimum wage</a></li></ul></section>
</main>{FOOTER}</body></html>"""


def opengraph_share(a):
    extra = (f'<meta property="og:title" content="{E(a["title"])}">\n'
             f'<meta property="og:site_name" content="{E(a["site"])}">\n'
             f'<meta property="og:type" content="article">\n'
             f'<meta name="author" content="{E(a["author"])}">\n'
             '<meta name="date" content="2023/11/02">')
    ps = a["paragraphs"]
    return head(a, extra) + f"""<body><div class="wrapper">
<div class="topbar">Thursday edition &middot; <a href="/epaper">Read the e-paper</a></div>
<header>{NAV}</header>
<div class="story">
<h1>{E(a["title"])}</h1>
<div class="byline">By {E(a["author"])} in Istanbul</div>
<ul class="share"><li><a href="#">Facebook</a></li><li><a href="#">X</a></li><li><a href="#">WhatsApp</a></li><li><a href="#">Email</a></li></ul>
<div class="story-text">
<p>{E(ps[0])}</p>
<p>{E(ps[1])}</p>
<div class="inline-ad">Advertisement &ndash; story continues below</div>
{"".join(f"<p>{E(p)}</p>" for p in ps[2:])}
</div>
<div class="tags">Topics: <a href="/t/turkey">Turkey</a>, <a href="/t/shipping">Shipping</a>, <a href="/t/ukraine">Ukraine</a></div>
</div>
{related(RELATED[:3])}
</div>{FOOTER}</body></html>"""


def no_date(a):
    return head(a) + f"""<body>
<header class="hdr"><div class="brand">{E(a["site"])}</div>{NAV}</header>
<div class="container"><div class="row"><div class="col-main">
<div class="post-title"><h1>{E(a["title"])}</h1></div>
<div class="post-body">
{paras(a)}
</div>
<div class="post-footer">Filed under <a href="/mongolia">Mongolia</a></div>
</div>
<div class="col-side"><div class="box"><h4>Popular now</h4><ol><li><a href="/p1">Winter tyres: what the new rules mean</a></li>
<li><a href="/p2">Capital's air quality worst in a decade</a></li><li><a href="/p3">Wrestling festival dates announced</a></li></ol></div>
<div class="box"><h4>Follow us</h4><a href="#">Facebook</a> <a href="#">Instagram</a></div></div>
</div></div>{FOOTER}</body></html>"""


def legacy(a):
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">
<title>{E(a["title"])} - {E(a["site"])}</title></head>
<body bgcolor="#ffffff"><div id="top"><a href="/">{E(a["site"])}</a> | <a href="/kraj">Kraj</a> | <a href="/swiat">\u015awiat</a> | <a href="/gospodarka">Gospodarka</a></div>
<div id="cookies">Ta strona u\u017cywa plik\u00f3w cookie. <a href="/cookies">Dowiedz si\u0119 wi\u0119cej</a></div>
<div id="main"><div class="art">
<h1>{E(a["title"])}</h1>
<p class="autor">{E(a["author"])}, <time datetime="2024-05-20T10:30">20.05.2024</time></p>
{paras(a)}
</div>
<div class="zobacz"><b>Zobacz te\u017c:</b><ul><li><a href="/1">Nowy rozk\u0142ad jazdy PKP</a></li><li><a href="/2">Pogoda na weekend</a></li></ul></div>
</div><div id="stopka">&copy; {E(a["site"])} 2024</div></body></html>"""
    return page


def liveblog(a):
    ld = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": a["title"],
          "datePublished": "2024-06-18T08:55:00Z", "coverageStartTime": "2024-06-18T08:55:00Z",
          "author": {"@type": "Organization", "name": a["site"]}}
    extra = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    ps = a["paragraphs"]
    entries = []
    for p in ps[1:]:  # newest first, as live blogs are
        t, rest = p.split(" \u2014 ", 1)
        entries.append(f'<div class="live-entry"><time class="live-time">{t}</time> &mdash; '
                       f'<div class="live-text"><p>{E(t)} \u2014 {E(rest)}</p></div>'
                       f'<div class="live-share"><a href="#">Share this update</a></div></div>')
    return head(a, extra) + f"""<body>{COOKIE}
<header>{NAV}</header>
<main class="live"><h1>{E(a["title"])}</h1><span class="live-badge">LIVE</span>
<p class="live-summary">{E(ps[0])}</p>
<div class="live-key-points"><h2>Key points</h2><ul><li>Vote expected today</li><li>Russia may abstain</li></ul></div>
<div class="live-feed">
{"".join(entries)}
</div>
<button class="load-more">Load earlier updates</button>
</main>{related(RELATED)}{FOOTER}</body></html>"""


def drupal(a):
    extra = '<meta name="dcterms.date" content="2022-09-14">\n<meta name="dcterms.creator" content="Hiro Tanaka">'
    return head(a, extra) + f"""<body class="node-type-article">
<div id="page"><header role="banner"><div class="logo">{E(a["site"])}</div>{NAV}</header>
<div class="breadcrumb"><a href="/">Home</a> &raquo; <a href="/asia">Asia-Pacific</a> &raquo; <a href="/asia/maritime">Maritime</a></div>
<div class="region-content"><div id="node-9931" class="node node-article">
<h1 class="page-title">{E(a["title"])}</h1>
<div class="field field-name-field-author"><div class="field-item">{E(a["author"])}</div></div>
<div class="field field-name-body"><div class="field-items"><div class="field-item even">
{paras(a)}
</div></div></div>
<div class="field field-name-field-tags"><div class="field-label">Tags:&nbsp;</div><a href="/t/japan">Japan</a> <a href="/t/ph">Philippines</a></div>
</div>
<div class="block block-views"><h2>Latest in Asia-Pacific</h2><div class="view-content">
<div class="views-row"><a href="/x1">Typhoon season forecast to be milder</a></div>
<div class="views-row"><a href="/x2">Taiwan opposition picks candidate</a></div>
<div class="views-row"><a href="/x3">Indonesia capital move delayed</a></div></div></div>
</div></div>{FOOTER}</body></html>"""


def ghost(a):
    extra = f'<meta property="og:site_name" content="{E(a["site"])}">'
    ps = a["paragraphs"]
    return head(a, extra) + f"""<body class="post-template">
<header class="gh-head">{NAV}</header>
<main class="gh-main"><article class="gh-article post">
<header class="gh-article-header"><h1 class="gh-article-title">{E(a["title"])}</h1>
<div class="gh-article-meta"><span class="gh-article-author">{E(a["author"])}</span>
<time class="gh-article-date" datetime="2023-09-11">Sep 11, 2023</time> &middot; 4 min read</div></header>
<section class="gh-content">
<p>{E(ps[0])}</p>
<p>{E(ps[1])}</p>
<div class="kg-card kg-signup-card"><h2>Subscribe to Gulf and Subcontinent</h2><p>Analysis you will not find elsewhere, twice a week. Sign up free.</p>
<form><input type="email" placeholder="Your email"><button>Subscribe</button></form></div>
{"".join(f"<p>{E(p)}</p>" for p in ps[2:])}
</section>
<section class="gh-author-bio"><h3>About the author</h3><p>Priya Raman covers energy and trade from Mumbai. She previously worked for a shipping newsletter.</p></section>
</article></main>
<section class="gh-read-next"><h3>Read next</h3><article><a href="/r1">The quiet rise of Gulf investment in Indian ports</a></article><article><a href="/r2">Why crude prices ignored the latest OPEC cut</a></article></section>
{FOOTER}</body></html>"""


def table_layout(a):
    return f"""<html><head><title>{E(a["title"])}</title></head>
<body><table width="100%" border="0"><tr><td colspan="2"><font size="5"><b>{E(a["site"])}</b></font><br>
<a href="/">Portada</a> | <a href="/politica">Pol\u00edtica</a> | <a href="/economia">Econom\u00eda</a> | <a href="/deportes">Deportes</a></td></tr>
<tr><td width="160" valign="top"><font size="2"><b>Secciones</b><br><a href="/a">Archivo</a><br><a href="/b">Cartas</a><br><a href="/c">Clima</a></font></td>
<td valign="top"><font size="4"><b>{E(a["title"])}</b></font><br>
<font size="2">By {E(a["author"])} &mdash; Posted on March 3, 2021</font><br><br>
{"".join(f"<font size=3>{E(p)}</font><br><br>" for p in a["paragraphs"])}
<hr><font size="2">Comments (2)<br><b>viajero:</b> Finally some good news from the south.<br><b>pm1960:</b> The maps will be argued about for another decade.</font>
</td></tr><tr><td colspan="2"><font size="1">Copyright 2021 {E(a["site"])}. Todos los derechos reservados.</font></td></tr></table></body></html>"""


def wire(a):
    extra = '<meta name="pubdate" content="20250117">\n<meta name="byl" content="By Ana Petrovic">'
    ps = a["paragraphs"]
    return head(a, extra) + f"""<body>
<div class="masthead">{E(a["site"])}</div>{NAV}
<div class="StandardArticle"><h1 class="ArticleHeader">{E(a["title"])}</h1>
<div class="BylineBar">By {E(a["author"])} &middot; 3 min read</div>
<div class="StandardArticleBody_body">
<p>{E(ps[0])}</p>
<p>{E(ps[1])}</p>
<p class="read-more"><strong>Read more:</strong> <a href="/k1">Kosovo elections: what to watch</a></p>
<aside class="pullquote">\u201cNeither side has done what it promised.\u201d</aside>
{"".join(f"<p>{E(p)}</p>" for p in ps[2:])}
<p class="Attribution">Reporting by {E(a["author"])}; Editing by Mark Hollis</p>
</div>
<div class="trust"><a href="/principles">Our Standards: The Trust Principles.</a></div>
</div>{related(RELATED[1:])}{FOOTER}</body></html>"""


def magazine(a):
    ps = a["paragraphs"]
    return head(a, f'<meta property="og:site_name" content="{E(a["site"])}">') + f"""<body>
{COOKIE}<header class="mag-header">{NAV}</header>
<main><article itemscope itemtype="https://schema.org/Article">
<meta itemprop="datePublished" content="2024-10-25">
<h1 itemprop="headline">{E(a["title"])}</h1>
<p class="dek">The cod quota falls to a thirty-year low</p>
<p class="byline">Words by <span itemprop="author">{E(a["author"])}</span></p>
<figure><img src="/img/trawler.jpg" alt="A trawler in harbour"><figcaption>A trawler unloads in Hammerfest. Photo: Erik Lund / Northern Seas</figcaption></figure>
<div itemprop="articleBody">
<p>{E(ps[0])}</p>
<p>{E(ps[1])}</p>
<h2>Talks by video link</h2>
{"".join(f"<p>{E(p)}</p>" for p in ps[2:])}
</div></article>
<section class="comments disqus-thread"><h3>Conversation</h3><ul>
<li><span class="name">fjordfan</span><p>Lowest quota in thirty years and they call it cooperation.</p></li>
<li><span class="name">Harald</span><p>The scientists have been warning about this since 2019.</p></li></ul></section>
{related(RELATED[:2])}</main>{FOOTER}</body></html>"""


def amp(a):
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": a["site"], "url": "https://mekong.example"},
        {"@type": "NewsArticle", "headline": a["title"], "dateModified": "2022-12-07T03:10:00+07:00",
         "datePublished": "2022-12-05T14:30:00+07:00",
         "author": [{"@type": "Person", "name": a["author"]}]}]}
    extra = (f'<script type="application/ld+json">{json.dumps(ld)}</script>\n'
             '<style amp-custom>body{font-family:sans-serif}</style>')
    return head(a, extra).replace('<html lang="en">', '<html amp lang="en">') + f"""<body>
<amp-consent id="consent" layout="nodisplay"><div class="consent-ui"><p>We and our partners use cookies. Do you agree?</p><button on="tap:consent.accept">Agree</button><button on="tap:consent.reject">Disagree</button></div></amp-consent>
<header class="amp-header"><a href="/">{E(a["site"])}</a></header>
<amp-sidebar id="menu" layout="nodisplay">{NAV}</amp-sidebar>
<article class="amp-article"><h1>{E(a["title"])}</h1>
<div class="amp-byline">{E(a["author"])} &middot; Updated 7 December 2022</div>
<amp-img src="/img/seoul.jpg" width="800" height="450" layout="responsive" alt="Seoul"></amp-img>
<div class="amp-body">
{paras(a)}
</div></article>
<amp-social-share type="facebook"></amp-social-share><amp-social-share type="twitter"></amp-social-share>
{related(RELATED)}{FOOTER}</body></html>"""


def canonical(a):
    extra = '<link rel="canonical" href="https://nile-observer.example/2023/07/14/egypt-hosts-gaza-ceasefire-talks">'
    return head(a, extra) + f"""<body>
<header>{NAV}</header>
<div class="content"><h1>{E(a["title"])}</h1><div class="author-line">{E(a["author"])}, Cairo</div>
<div class="text">
{paras(a)}
</div>
<div class="newsletter-box">Sign up for our Middle East briefing. Every weekday morning.</div>
{comments([("reader1", "Talks about talks again."), ("Samir", "Let us hope the crossing opens soon.")], "section")}
</div>{related(RELATED)}{FOOTER}</body></html>"""


LAYOUTS = {"01": wordpress, "02": jsonld_cookie, "03": opengraph_share, "04": no_date,
           "05": legacy, "06": liveblog, "07": drupal, "08": ghost, "09": table_layout,
           "10": wire, "11": magazine, "12": amp, "13": canonical}


def main() -> int:
    truth = {}
    for a in ARTICLES:
        stem = a["stem"]
        page = LAYOUTS[stem[:2]](a)
        enc = a.get("encoding", "utf-8")
        (HERE / f"{stem}.html").write_bytes(page.encode(enc, "xmlcharrefreplace"))
        (HERE / f"{stem}.txt").write_text("\n\n".join(a["paragraphs"]) + "\n", encoding="utf-8")
        truth[f"{stem}.html"] = {k: a.get(k) for k in ("title", "author", "site", "published")}
        truth[f"{stem}.html"]["encoding"] = enc
    (HERE / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                     encoding="utf-8")
    print(f"wrote {len(truth)} pages to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
