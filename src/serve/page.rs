//! The HTML pages: search (filters, facets, timeline, paging), an
//! article's full text, and failures. Plain HTML forms and links, so they
//! work without JavaScript and every view has a URL; every text from an
//! article or a request is escaped by [`escape`] on the way in.

use std::fmt::Write;

use jiff::civil::Date;

use super::params::Params;
use super::{Failure, Lookup, Reply, State};
use crate::index::document::Stored;
use crate::output::html::{escape, marked};
use crate::remote::backend::{Backend, Overview};
use crate::search::facets::{Count, Timeline};
use crate::search::{
    Choice, Filter, Hit, MAX_RESULT_WINDOW, Match, Request, Results, SearchError, Sort,
};

/// People and topics listed beside the results.
const FACET_SHOWN: usize = 10;
/// Sources listed beside the results.
const SOURCES_SHOWN: usize = 8;
/// People or topics shown under one hit; the article page has them all.
const TAGS_SHOWN: usize = 6;
/// Similar articles listed under an article.
const SIMILAR_SHOWN: usize = 10;
/// Height steps of a timeline bar (CSS classes `h0` to `h20`).
const BAR_STEPS: u64 = 20;

/// The query syntax, as the README and `newsidx search --help` give it.
const SYNTAX_HELP: &str = r#"<table class="syntax">
<caption>Query syntax (the same as <code>newsidx search</code>)</caption>
<thead><tr><th scope="col">Type</th><th scope="col">To find</th></tr></thead>
<tbody>
<tr><td><code>lavrov arms control</code></td><td>all of the words, best matches first (<i>Any word</i> under Filters for any of them)</td></tr>
<tr><td><code>Trump's</code>, <code>O'Brien</code>, <code>U.S.</code>, <code>AT&amp;T</code></td><td>words, whatever punctuation they carry</td></tr>
<tr><td><code>"arms control"</code></td><td>the exact phrase</td></tr>
<tr><td><code>tiller*</code>, <code>lavrov~1</code></td><td>words starting so; words one (or two: <code>~2</code>) letters away</td></tr>
<tr><td><code>lavrov AND rubio</code>, <code>OR</code>, <code>NOT</code>, <code>( )</code></td><td>boolean operators</td></tr>
<tr><td><code>-rubio</code>, <code>NOT merkel</code></td><td>must not contain (alone: every article without it)</td></tr>
<tr><td><code>title:lavrov</code>, <code>people:"sergey lavrov"</code>, <code>topic:diplomacy</code>, <code>source:bbc.com</code></td><td>one field</td></tr>
<tr><td><code>date:2017-02</code>, <code>date:[2017-02-01 TO 2017-02-28]</code></td><td>a day, month or year, or a range</td></tr>
<tr><td><code>*</code></td><td>every article (with filters)</td></tr>
</tbody>
</table>
"#;

/// `/`: the search page, or with no query and no filter, an overview of
/// the whole archive.
pub fn search(state: &State, query: &str) -> Reply {
    let (p, backend, articles) = match open(state, query) {
        Ok(opened) => opened,
        Err(reply) => return reply,
    };
    let browsing = p.q.is_empty() && !p.has_filters();
    let req = p.request();
    let results = if browsing {
        None
    } else {
        match backend.search(&req) {
            Ok(results) => Some(results),
            Err(err) => return search_failed(&p, articles, err),
        }
    };
    // The counts describe the articles shown: any-word matches when no
    // article held all the words.
    let mut req = req;
    if results.as_ref().is_some_and(|r| r.partial) {
        req.matching = Match::Any;
    }
    let Overview {
        people,
        topics,
        sources,
        timeline,
    } = match backend.overview(&req, p.by, FACET_SHOWN, SOURCES_SHOWN) {
        Ok(overview) => overview,
        Err(err) => return search_failed(&p, articles, err),
    };

    let mut main = String::new();
    let title = match &results {
        None => {
            let _ = write!(
                main,
                "<h1>Search {}</h1>\n<p class=\"lead\">Type words in the box \
                 above, or start from a period, a person or a topic below.</p>\n",
                plural(articles, "article")
            );
            "newsidx".to_owned()
        }
        Some(results) => {
            summary(&mut main, &p, results);
            format!("{} – newsidx", describe(&p))
        }
    };
    timeline_html(&mut main, &p, &timeline);
    main.push_str("<div class=\"columns\">\n");
    match &results {
        Some(results) => hits_html(&mut main, &p, results),
        None => {
            main.push_str("<section class=\"help\" id=\"results\">\n");
            main.push_str(SYNTAX_HELP);
            main.push_str("</section>\n");
        }
    }
    main.push_str("<aside class=\"facets\" aria-label=\"Narrow the results\">\n");
    facet_html(&mut main, &p, "people", "People", &people, Filter::Person);
    facet_html(&mut main, &p, "topics", "Topics", &topics, Filter::Topic);
    facet_html(
        &mut main,
        &p,
        "sources",
        "Sources",
        &sources,
        Filter::Source,
    );
    main.push_str("</aside>\n</div>\n");
    document(200, &title, &p, Some(articles), &main)
}

/// `/article`: one article's full cleaned text, people and topics.
pub fn article(state: &State, query: &str) -> Reply {
    let (p, backend, articles) = match open(state, query) {
        Ok(opened) => opened,
        Err(reply) => return reply,
    };
    let found = match super::find_article(&backend, &p) {
        Ok(found) => found,
        Err(failure) => return with_error(&p, Some(articles), &failure),
    };
    let mut main = String::new();
    let back = p.search_url();
    if back == "/" {
        main.push_str("<p class=\"back\"><a href=\"/\">← Search the archive</a></p>\n");
    } else {
        let _ = writeln!(
            main,
            "<p class=\"back\"><a href=\"{}\">← Back to the results</a></p>",
            escape(&back)
        );
    }
    let title = match found {
        Lookup::Found(mut a) => {
            // The articles most like it, from its whole text, unfiltered.
            let similar = backend.similar(
                &a,
                &Request {
                    limit: SIMILAR_SHOWN,
                    ..Request::default()
                },
            );
            let cut = super::cap_body(&mut a);
            article_html(&mut main, &a, cut);
            match similar {
                Ok(similar) => similar_html(&mut main, &p, &similar),
                Err(err) => return search_failed(&p, articles, err),
            }
            a.title.clone()
        }
        Lookup::Several(list) => {
            let _ = writeln!(
                main,
                "<h1>{} articles have the id <code>{}</code></h1>\n<ul class=\"same-id\">",
                list.len(),
                escape(&list[0].id)
            );
            for a in &list {
                let _ = writeln!(
                    main,
                    "<li><a href=\"{}\">{}</a> <span class=\"meta\">{}</span></li>",
                    escape(&p.article_url(&a.id, &a.path)),
                    escape(untitled(&a.title)),
                    escape(&a.path)
                );
            }
            main.push_str("</ul>\n");
            format!("id {}", list[0].id)
        }
    };
    document(
        200,
        &format!("{} – newsidx", untitled(&title)),
        &p,
        Some(articles),
        &main,
    )
}

/// The articles most like the one shown, each a link to its page.
fn similar_html(out: &mut String, p: &Params, results: &Results) {
    out.push_str(
        "<section class=\"similar\" id=\"similar\" aria-labelledby=\"similar-h\">\n\
         <h2 id=\"similar-h\">More like this</h2>\n",
    );
    if results.hits.is_empty() {
        out.push_str("<p class=\"none\">No similar articles.</p>\n</section>\n");
        return;
    }
    out.push_str("<ol class=\"similar-list\">\n");
    for hit in &results.hits {
        let a = &hit.article;
        let mut meta = Vec::new();
        if let Some(date) = a.date {
            meta.push(time_html(date));
        }
        if let Some(source) = &a.source {
            meta.push(escape(source));
        }
        let _ = writeln!(
            out,
            "<li><a href=\"{}\">{}</a> <span class=\"meta\">{}</span></li>",
            escape(&p.article_url(&a.id, &a.path)),
            escape(untitled(&a.title)),
            meta.join(" · ")
        );
    }
    out.push_str("</ol>\n</section>\n");
}

/// A page's parameters, the archive, and how many articles it holds; or
/// the page that says why not.
fn open(state: &State, query: &str) -> Result<(Params, Backend, u64), Reply> {
    let p = Params::parse(query).map_err(|failure| self::failure(&form_words(failure)))?;
    let backend = state
        .backend()
        .map_err(|failure| with_error(&p, None, &failure))?;
    let articles = backend
        .count()
        .map_err(|err| with_error(&p, None, &Failure::backend(err)))?;
    Ok((p, backend, articles))
}

/// An article whole; `cut`, its text's length when only the first
/// [`super::MAX_ARTICLE_BYTES`] of it are in `a`.
fn article_html(out: &mut String, a: &Stored, cut: Option<usize>) {
    let _ = writeln!(
        out,
        "<article class=\"full\">\n<h1>{}</h1>",
        escape(untitled(&a.title))
    );
    let mut meta = Vec::new();
    if let Some(date) = a.date {
        meta.push(time_html(date));
    }
    if let Some(source) = &a.source {
        meta.push(escape(source));
    }
    if let Some(url) = a.url.as_deref().filter(|u| is_web_link(u)) {
        meta.push(format!(
            "<a href=\"{}\" rel=\"noopener noreferrer nofollow\">original page</a>",
            escape(url)
        ));
    }
    if !meta.is_empty() {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", meta.join(" · "));
    }
    out.push_str("<dl class=\"facts\">\n");
    let links = |names: &[String], filter: Filter| {
        names
            .iter()
            .map(|name| {
                let mut p = Params::default();
                *p.filters.get_mut(filter) = Some(name.clone());
                format!(
                    "<a class=\"tag\" href=\"{}\">{}</a>",
                    escape(&p.search_url()),
                    escape(name)
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    if !a.people.is_empty() {
        let _ = writeln!(
            out,
            "<dt>People</dt><dd class=\"people\">{}</dd>",
            links(&a.people, Filter::Person)
        );
    }
    if !a.topics.is_empty() {
        let _ = writeln!(
            out,
            "<dt>Topics</dt><dd class=\"topics\">{}</dd>",
            links(&a.topics, Filter::Topic)
        );
    }
    let _ = writeln!(
        out,
        "<dt>File</dt><dd><code>{}</code></dd>\n<dt>Id</dt><dd><code>{}</code></dd>\n</dl>",
        escape(&a.path),
        escape(&a.id)
    );
    out.push_str("<div class=\"body\">\n");
    for paragraph in a
        .body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let lines: Vec<String> = paragraph.lines().map(escape).collect();
        let _ = writeln!(out, "<p>{}</p>", lines.join("<br>\n"));
    }
    if let Some(len) = cut {
        let _ = writeln!(
            out,
            "<p class=\"meta truncated\">Text truncated: the first {} of {}.</p>",
            megabytes(super::MAX_ARTICLE_BYTES),
            megabytes(len)
        );
    }
    out.push_str("</div>\n</article>\n");
}

/// The heading over the results: how many match, and the filters in
/// force, each with a link that removes it.
fn summary(out: &mut String, p: &Params, results: &Results) {
    let matched = if results.total == 0 {
        "No articles match".to_owned()
    } else {
        format!("{} match", plural(results.total as u64, "article"))
    };
    if p.q.is_empty() {
        let _ = writeln!(out, "<h1 id=\"summary\">{matched} the filters</h1>");
    } else {
        let _ = writeln!(
            out,
            "<h1 id=\"summary\">{matched} <q>{}</q></h1>",
            escape(&p.q)
        );
    }
    if p.has_filters() {
        out.push_str("<ul class=\"chips\" aria-label=\"Filters in force\">\n");
        for (filter, value) in p.filters.iter() {
            let without = p.with(|p| *p.filters.get_mut(filter) = None);
            let _ = writeln!(
                out,
                "<li>{label}: <b>{v}</b> <a href=\"{}\" class=\"remove\" \
                 aria-label=\"Remove the filter {label}: {v}\" title=\"Remove this filter\">×</a></li>",
                escape(&without.search_url()),
                label = label(filter),
                v = escape(value),
            );
        }
        out.push_str("</ul>\n");
    }
    if results.partial {
        out.push_str(
            "<p class=\"lead notice\" role=\"status\">No article holds all the words: these \
             hold some of them, best first.</p>\n",
        );
    }
    if let Some(better) = results.suggestions.first() {
        let _ = writeln!(
            out,
            "<p class=\"lead suggestion\">Did you mean <a href=\"{}\">{}</a>?</p>",
            escape(&p.with(|p| p.q = better.clone()).search_url()),
            escape(better)
        );
    }
    if results.total == 0 {
        out.push_str(
            "<p class=\"lead\">Check the spelling, take a word or a filter away, or tick \
             <i>Any word</i> under Filters to find articles with some of the words.</p>\n",
        );
    }
}

/// The hits, with paging.
fn hits_html(out: &mut String, p: &Params, results: &Results) {
    out.push_str("<section class=\"results\" id=\"results\" aria-labelledby=\"summary\">\n");
    if results.hits.is_empty() {
        if results.total > 0 {
            out.push_str("<p>No more results on this page.</p>\n");
        }
    } else {
        let first = results.hits[0].rank;
        let last = first + results.hits.len() - 1;
        let order = match p.sort {
            Sort::Relevance => "best match first",
            Sort::Newest => "newest first",
            Sort::Oldest => "oldest first",
        };
        let _ = writeln!(
            out,
            "<p class=\"showing\">Showing {first}–{last}, {order}</p>\n<ol class=\"hits\" start=\"{first}\">"
        );
        for hit in &results.hits {
            hit_html(out, p, hit);
        }
        out.push_str("</ol>\n");
    }
    pager_html(out, p, results);
    out.push_str("</section>\n");
}

fn hit_html(out: &mut String, p: &Params, hit: &Hit) {
    let a = &hit.article;
    let title = if a.title.trim().is_empty() {
        escape(untitled(&a.title))
    } else {
        marked(&a.title, &hit.title_highlights)
    };
    let _ = writeln!(
        out,
        "<li class=\"hit\">\n<h2><a href=\"{}\">{title}</a></h2>",
        escape(&p.article_url(&a.id, &a.path)),
    );
    let mut meta = Vec::new();
    if let Some(date) = a.date {
        meta.push(time_html(date));
    }
    if let Some(source) = &a.source {
        meta.push(format!("<span class=\"source\">{}</span>", escape(source)));
    }
    meta.push(format!(
        "<a class=\"similar-link\" href=\"{}#similar\">More like this</a>",
        escape(&p.article_url(&a.id, &a.path))
    ));
    if hit.duplicates > 0 && !p.all {
        meta.push(format!(
            "<a href=\"{}\" title=\"The same story, told again: show every copy\">+{}</a>",
            escape(&p.with(|p| p.all = true).search_url()),
            plural(hit.duplicates as u64, "near-duplicate")
        ));
    }
    if !meta.is_empty() {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", meta.join(" · "));
    }
    if !hit.snippet.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"snippet\">{}</p>",
            marked(&hit.snippet, &hit.highlights)
        );
    }
    tags_html(out, p, "people", "People", &a.people, Filter::Person);
    tags_html(out, p, "topics", "Topics", &a.topics, Filter::Topic);
    out.push_str("</li>\n");
}

/// A hit's people or topics, each a link that narrows the search to it.
fn tags_html(
    out: &mut String,
    p: &Params,
    class: &str,
    label: &str,
    names: &[String],
    filter: Filter,
) {
    if names.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<p class=\"tags {class}\"><span class=\"label\">{label}:</span> "
    );
    for name in names.iter().take(TAGS_SHOWN) {
        let _ = write!(
            out,
            "<a class=\"tag\" href=\"{}\">{}</a> ",
            escape(
                &p.with(|p| *p.filters.get_mut(filter) = Some(name.clone()))
                    .search_url()
            ),
            escape(name)
        );
    }
    if names.len() > TAGS_SHOWN {
        let _ = write!(
            out,
            "<span class=\"more\">+{} more</span>",
            names.len() - TAGS_SHOWN
        );
    }
    out.push_str("</p>\n");
}

fn pager_html(out: &mut String, p: &Params, results: &Results) {
    let (offset, limit) = (p.offset(), p.limit());
    let has_prev = offset > 0;
    let shown = results.hits.len();
    let next = offset + limit;
    let has_next = shown == limit && next < results.total && next + limit <= MAX_RESULT_WINDOW;
    if !has_prev && !has_next {
        return;
    }
    out.push_str("<nav class=\"pager\" aria-label=\"Pages\">\n");
    if has_prev {
        let prev = p.with(|p| p.offset = Some(offset.saturating_sub(limit)));
        let _ = writeln!(
            out,
            "<a rel=\"prev\" href=\"{}\">← Previous</a>",
            escape(&prev.search_url())
        );
    }
    let _ = writeln!(out, "<span>Page {}</span>", offset / limit + 1);
    if has_next {
        let _ = writeln!(
            out,
            "<a rel=\"next\" href=\"{}\">Next →</a>",
            escape(&p.with(|p| p.offset = Some(next)).search_url())
        );
    }
    out.push_str("</nav>\n");
}

/// A list of the most frequent values beside the results; each narrows
/// the search, and the one in force removes its filter.
fn facet_html(
    out: &mut String,
    p: &Params,
    id: &str,
    heading: &str,
    counts: &[Count],
    filter: Filter,
) {
    let set = |p: &mut Params, value| *p.filters.get_mut(filter) = value;
    let _ = writeln!(
        out,
        "<section class=\"facet\" id=\"facet-{id}\" aria-labelledby=\"facet-{id}-h\">\n\
         <h2 id=\"facet-{id}-h\">{heading}</h2>"
    );
    if counts.is_empty() {
        out.push_str("<p class=\"none\">None in these articles.</p>\n</section>\n");
        return;
    }
    out.push_str("<ul>\n");
    for c in counts {
        let is_active = p
            .filters
            .get(filter)
            .is_some_and(|a| a.eq_ignore_ascii_case(&c.name));
        let (target, extra) = if is_active {
            (
                p.with(|p| set(p, None)),
                " class=\"active\" aria-current=\"true\" title=\"Remove this filter\"",
            )
        } else {
            (p.with(|p| set(p, Some(c.name.clone()))), "")
        };
        let _ = writeln!(
            out,
            "<li><a href=\"{}\"{extra}><span class=\"name\">{}</span> \
             <span class=\"count\">{}<span class=\"sr-only\"> articles</span></span></a></li>",
            escape(&target.search_url()),
            escape(&c.name),
            c.count
        );
    }
    out.push_str("</ul>\n</section>\n");
}

/// The timeline as a bar chart of links: each bar narrows the search to
/// its period.
fn timeline_html(out: &mut String, p: &Params, t: &Timeline) {
    let by = t.by.name();
    let _ = writeln!(
        out,
        "<section class=\"timeline\" aria-labelledby=\"timeline-h\">\n\
         <h2 id=\"timeline-h\">Timeline <span class=\"by\">by {by}</span></h2>"
    );
    if t.periods.is_empty() {
        out.push_str("<p class=\"none\">No dated articles.</p>\n</section>\n");
        return;
    }
    let max = t.periods.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    out.push_str("<ol class=\"bars\">\n");
    for period in &t.periods {
        let label = format!("{}: {}", period.period, plural(period.count, "article"));
        let step = (period.count * BAR_STEPS).div_ceil(max);
        let Some(start) = period
            .start
            .parse::<Date>()
            .ok()
            .filter(|_| period.count > 0)
        else {
            let _ = writeln!(
                out,
                "<li><span class=\"bar h{step}\" title=\"{}\"></span></li>",
                escape(&label)
            );
            continue;
        };
        let narrowed = p.with(|p| {
            p.filters.since = Some(start.to_string());
            p.filters.until = Some(t.by.end(start).to_string());
        });
        let _ = writeln!(
            out,
            "<li><a href=\"{}\" title=\"{label}\"><span class=\"bar h{step}\"></span>\
             <span class=\"sr-only\">{label}</span></a></li>",
            escape(&narrowed.search_url()),
            label = escape(&label)
        );
    }
    out.push_str("</ol>\n");
    let first = &t.periods[0].period;
    let last = &t.periods[t.periods.len() - 1].period;
    let _ = writeln!(
        out,
        "<p class=\"axis\"><span>{}</span><span>{}</span></p>",
        escape(first),
        escape(last)
    );
    if t.undated > 0 {
        let _ = writeln!(
            out,
            "<p class=\"undated\">and {} without a date</p>",
            plural(t.undated, "article")
        );
    }
    out.push_str("</section>\n");
}

/// A page in place of the one asked for: the search form, and why.
pub fn failure(failure: &Failure) -> Reply {
    with_error(&Params::default(), None, failure)
}

/// The page for a search the core refused, in the form's terms: a filter
/// by its label ("From: ..."), and plain words suggested only for a query
/// syntax error.
fn search_failed(p: &Params, articles: u64, err: SearchError) -> Reply {
    let (failure, plain_helps) = match err {
        SearchError::Filter(err) => (
            Failure::bad_request(format!("{}: {}", label(err.filter), err.message)),
            false,
        ),
        SearchError::Query(query) => {
            // The place of the trouble: counted, and marked in the query.
            let at = query.pos.filter(|&at| query.query.is_char_boundary(at));
            let message = match at {
                Some(at) => format!(
                    "invalid query: {} (at character {} of the query)",
                    query.message,
                    query.query[..at].chars().count() + 1
                ),
                None => format!("invalid query: {}", query.message),
            };
            let failure = Failure::bad_request(message);
            let Some(at) = at else {
                return error_page(p, Some(articles), &failure, query.syntax, "");
            };
            let (before, rest) = query.query.split_at(at);
            let mut chars = rest.chars();
            let marked = chars.next().map(String::from).unwrap_or_default();
            let shown = format!(
                "<p class=\"where\"><code>{}<mark>{}</mark>{}</code></p>\n",
                escape(before),
                if marked.trim().is_empty() {
                    "&nbsp;".to_owned()
                } else {
                    escape(&marked)
                },
                escape(chars.as_str())
            );
            return error_page(p, Some(articles), &failure, query.syntax, &shown);
        }
        SearchError::TooDeep => (
            Failure::bad_request(format!(
                "Page: only the first {} can be paged through; narrow the search with a \
                 filter instead",
                plural(MAX_RESULT_WINDOW as u64, "result")
            )),
            false,
        ),
        err => (Failure::from(err), false),
    };
    error_page(p, Some(articles), &failure, plain_helps, "")
}

/// A parameter's message in the form's words: `since: ...` as `From: ...`
/// (parameters without a field on the page, `limit`, keep their names).
fn form_words(failure: Failure) -> Failure {
    let labels = [
        ("since", "From"),
        ("until", "To"),
        ("person", "Person"),
        ("topic", "Topic"),
        ("source", "Source"),
        ("sort", "Order"),
        ("page", "Page"),
        ("plain", "Plain words"),
        ("match", "Any word"),
        ("all", "Every copy"),
    ];
    for (key, label) in labels {
        if let Some(rest) = failure.message.strip_prefix(&format!("{key}: ")) {
            return Failure {
                message: format!("{label}: {rest}"),
                ..failure
            };
        }
    }
    failure
}

fn with_error(p: &Params, articles: Option<u64>, failure: &Failure) -> Reply {
    error_page(p, articles, failure, false, "")
}

/// The page for a failure; `detail` is HTML shown under the message.
fn error_page(
    p: &Params,
    articles: Option<u64>,
    failure: &Failure,
    plain_helps: bool,
    detail: &str,
) -> Reply {
    let heading = match failure.status {
        400 if failure.message.starts_with("invalid query") => "The query cannot be read",
        400 => "That request cannot be answered",
        403 => "Not allowed",
        404 => "Not found",
        405 => "Method not allowed",
        414 => "Request too long",
        502 => "The cluster could not answer",
        503 => "No index to search",
        _ => "Something went wrong",
    };
    let hint = if plain_helps {
        "<p>Tick <i>Plain words</i> under Filters and order to search for the words as \
         they are, without operators and fields.</p>\n"
    } else {
        ""
    };
    let main = format!(
        "<div class=\"error\" role=\"alert\">\n<h1>{heading}</h1>\n<p>{}</p>\n{detail}{hint}</div>\n\
         <p><a href=\"/\">← Start again</a></p>\n",
        escape(&failure.message)
    );
    document(failure.status, heading, p, articles, &main)
}

/// A whole page: head, the search form with `p`'s values, `main`, footer.
fn document(status: u16, title: &str, p: &Params, articles: Option<u64>, main: &str) -> Reply {
    let mut out = String::with_capacity(main.len() + 4096);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"/assets/style.css\">\n\
         <link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">\n\
         <script src=\"/assets/app.js\" defer></script>\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#main\">Skip to content</a>\n",
        escape(title)
    );
    search_form(&mut out, p, articles);
    let _ = write!(
        out,
        "<main id=\"main\" class=\"wrap\" tabindex=\"-1\">\n{main}</main>\n\
         <footer class=\"wrap site-footer\"><p>newsidx {} · <a href=\"/api/\">JSON API</a> · \
         press <kbd>/</kbd> to search</p></footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    Reply::new(status, "text/html; charset=utf-8", out.into_bytes())
}

fn search_form(out: &mut String, p: &Params, articles: Option<u64>) {
    let placeholder = match articles {
        Some(n) => format!("Search {}", plural(n, "article")),
        None => "Search".to_owned(),
    };
    // Closed even when filters are in force: the chips over the results
    // show them, and the results stay near the top.
    let in_force = p.filters.iter().count()
        + usize::from(p.sort != Sort::default())
        + usize::from(p.plain)
        + usize::from(p.matching == Match::Any)
        + usize::from(p.all);
    let summary = match in_force {
        0 => "Filters and order".to_owned(),
        n => format!("Filters and order ({n} set)"),
    };
    let _ = write!(
        out,
        "<header class=\"site\">\n<div class=\"wrap\">\n<a class=\"brand\" href=\"/\">newsidx</a>\n\
         <form class=\"search\" role=\"search\" action=\"/\" method=\"get\">\n\
         <div class=\"box\">\n<label for=\"q\" class=\"sr-only\">Query</label>\n\
         <input id=\"q\" name=\"q\" type=\"search\" value=\"{q}\" placeholder=\"{placeholder}\" \
         maxlength=\"{max}\" autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"q-hint\">\n\
         <button type=\"submit\">Search</button>\n</div>\n\
         <p id=\"q-hint\" class=\"hint\">Words (all of them), <code>\"a phrase\"</code>, <code>tiller*</code>, <code>AND</code> \
         <code>OR</code> <code>NOT</code>, <code>-word</code>, <code>people:lavrov</code>, \
         <code>date:2017-02</code></p>\n\
         <details class=\"filters\">\n<summary>{summary}</summary>\n<div class=\"fields\">\n",
        q = escape(&p.q),
        placeholder = escape(&placeholder),
        max = super::MAX_QUERY_BYTES,
    );
    for filter in Filter::ALL {
        let _ = writeln!(
            out,
            "<label for=\"f-{name}\">{label}</label><input id=\"f-{name}\" name=\"{name}\" \
             value=\"{}\" placeholder=\"{hint}\" maxlength=\"{}\" autocomplete=\"off\">",
            escape(p.filters.get(filter).unwrap_or("")),
            super::MAX_QUERY_BYTES,
            name = filter.name(),
            label = label(filter),
            hint = field_hint(filter),
        );
    }
    out.push_str("<label for=\"f-sort\">Order</label><select id=\"f-sort\" name=\"sort\">\n");
    for (sort, text) in [
        (Sort::Relevance, "Best match first"),
        (Sort::Newest, "Newest first"),
        (Sort::Oldest, "Oldest first"),
    ] {
        let _ = writeln!(
            out,
            "<option value=\"{}\"{}>{text}</option>",
            sort.name(),
            if sort == p.sort { " selected" } else { "" }
        );
    }
    let checked = |on: bool| if on { " checked" } else { "" };
    let _ = write!(
        out,
        "</select>\n</div>\n<p class=\"checks\">\
         <label><input type=\"checkbox\" name=\"match\" value=\"any\"{}> Any word (not all of them)</label>\n\
         <label><input type=\"checkbox\" name=\"plain\" value=\"1\"{}> Plain words (no operators)</label>\n\
         <label><input type=\"checkbox\" name=\"all\" value=\"1\"{}> Every copy of a story</label></p>\n\
         <p><button type=\"submit\">Apply</button></p>\n</details>\n</form>\n</div>\n</header>\n",
        checked(p.matching == Match::Any),
        checked(p.plain),
        checked(p.all)
    );
}

/// What the page shows, for its title.
fn describe(p: &Params) -> String {
    let mut parts = Vec::new();
    if !p.q.is_empty() {
        parts.push(p.q.clone());
    }
    let f = &p.filters;
    for (filter, value) in f.iter() {
        if !matches!(filter, Filter::Since | Filter::Until) {
            parts.push(value.to_owned());
        }
    }
    match (&f.since, &f.until) {
        (Some(since), Some(until)) => parts.push(format!("{since} to {until}")),
        (Some(since), None) => parts.push(format!("from {since}")),
        (None, Some(until)) => parts.push(format!("to {until}")),
        (None, None) => {}
    }
    parts.join(", ")
}

/// How the form labels a filter.
fn label(filter: Filter) -> &'static str {
    match filter {
        Filter::Person => "Person",
        Filter::Topic => "Topic",
        Filter::Source => "Source",
        Filter::Since => "From",
        Filter::Until => "To",
    }
}

/// The hint in a filter's empty field.
fn field_hint(filter: Filter) -> &'static str {
    match filter {
        Filter::Person => "surname alone matches",
        Filter::Topic => "",
        Filter::Source => "bbc.com, Reuters",
        Filter::Since => "YYYY-MM-DD, YYYY-MM, YYYY",
        Filter::Until => "inclusive",
    }
}

/// `3 articles`, `1 article`, `12,345 articles`.
/// A size in bytes, in megabytes with one decimal.
fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

fn plural(n: u64, noun: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if n == 1 {
        format!("{grouped} {noun}")
    } else {
        format!("{grouped} {noun}s")
    }
}

/// A date as its day, with the whole timestamp for machines.
fn time_html(date: jiff::Timestamp) -> String {
    format!(
        "<time datetime=\"{}\">{}</time>",
        escape(&date.to_string()),
        escape(&crate::dates::format_day(date))
    )
}

fn untitled(title: &str) -> &str {
    if title.trim().is_empty() {
        "(untitled)"
    } else {
        title
    }
}

/// Whether a stored URL may become a link: `javascript:` and the like
/// are shown as nothing at all.
fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit() -> Hit {
        Hit {
            rank: 1,
            score: 1.0,
            article: Stored {
                id: "7".into(),
                path: "/data/a.json".into(),
                title: "<script>alert(1)</script> & Lavrov".into(),
                date: Some("2017-02-07T00:00:00Z".parse().unwrap()),
                source: Some("<b>bbc</b>".into()),
                people: vec!["Sergey \"Lavrov\"".into()],
                topics: vec!["politics".into()],
                ..Stored::default()
            },
            snippet: "said <img src=x onerror=alert(1)> Lavrov".into(),
            highlights: vec![(34, 40)],
            duplicates: 2,
            title_highlights: vec![(28, 34)],
        }
    }

    #[test]
    fn hits_are_escaped_everywhere() {
        let mut out = String::new();
        let p = Params::parse("q=%22%3E%3Cscript%3E").unwrap();
        hit_html(&mut out, &p, &hit());
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(!out.contains("<b>"), "{out}");
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>Lavrov</mark>"));
        assert!(out.contains("#similar\">More like this</a>"));
        assert!(out.contains("&lt;img src=x onerror=alert(1)&gt; <mark>Lavrov</mark>"));
        assert!(out.contains(">Sergey &quot;Lavrov&quot;</a>"));
        assert!(out.contains("+2 near-duplicates"));
        // The query travels in links, encoded, and the links escaped.
        assert!(
            out.contains(
                "href=\"/article?id=7&amp;path=%2Fdata%2Fa.json&amp;q=%22%3E%3Cscript%3E\""
            )
        );
    }

    #[test]
    fn article_links_only_to_the_web() {
        let article = Stored {
            id: "1".into(),
            title: "t".into(),
            body: "first <p>\nline two\n\nsecond".into(),
            url: Some("javascript:alert(1)".into()),
            ..Stored::default()
        };
        let mut out = String::new();
        article_html(&mut out, &article, None);
        assert!(!out.contains("javascript:"));
        assert!(out.contains("<p>first &lt;p&gt;<br>\nline two</p>\n<p>second</p>"));
        let article = Stored {
            url: Some("https://example.com/a?b=1&c=\"2\"".into()),
            ..article
        };
        out.clear();
        article_html(&mut out, &article, None);
        assert!(out.contains("href=\"https://example.com/a?b=1&amp;c=&quot;2&quot;\""));
    }

    #[test]
    fn timeline_bars_narrow_to_their_period() {
        let t = Timeline::months(jiff::civil::date(2017, 1, 1), &[4, 0, 1], 2);
        let mut out = String::new();
        timeline_html(&mut out, &Params::parse("q=oil&page=2").unwrap(), &t);
        assert!(out.contains("by month"));
        assert!(out.contains("href=\"/?q=oil&amp;since=2017-01-01&amp;until=2017-01-31\""));
        assert!(out.contains("class=\"bar h20\""));
        assert!(out.contains("<span class=\"bar h0\" title=\"2017-02: 0 articles\">"));
        assert!(out.contains("class=\"bar h5\""));
        assert!(out.contains("and 2 articles without a date"));
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(plural(1, "article"), "1 article");
        assert_eq!(plural(0, "article"), "0 articles");
        assert_eq!(plural(1234567, "article"), "1,234,567 articles");
        assert_eq!(plural(100, "article"), "100 articles");
    }
}
