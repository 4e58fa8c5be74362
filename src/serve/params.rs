//! The parameters of a page or API request: read from the query string
//! within limits, and written back into links, so every view has a URL
//! that can be shared.

use super::Failure;
use crate::search::facets::Period;
use crate::search::{Choice, Filter, Filters, MAX_RESULT_WINDOW, Match, Request, Sort};

/// Longest value accepted for any parameter, the query included, in bytes.
pub const MAX_QUERY_BYTES: usize = 1000;
/// Most hits (or people, topics) in one answer.
pub const MAX_LIMIT: usize = 100;
/// Hits per page unless `limit` says otherwise.
pub const DEFAULT_LIMIT: usize = 10;

/// Every parameter a request may carry.
const KNOWN: &[&str] = &[
    "q", "plain", "match", "all", "person", "topic", "source", "since", "until", "sort", "limit",
    "offset", "page", "by", "id", "path",
];

/// A request's parameters. Empty values count as absent, as a form with
/// blank fields sends them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    /// The query, empty when none was given.
    pub q: String,
    pub plain: bool,
    /// All the words (the default) or any of them.
    pub matching: Match,
    pub all: bool,
    pub filters: Filters,
    pub sort: Sort,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    /// 1-based.
    pub page: Option<usize>,
    /// Timeline period; `None` picks one that fits the dates.
    pub by: Option<Period>,
    pub id: Option<String>,
    pub path: Option<String>,
}

impl Params {
    /// Reads a query string (the part of the URL after `?`). Unknown or
    /// repeated parameters and values out of range are refused with a
    /// message that names the parameter.
    pub fn parse(query: &str) -> Result<Params, Failure> {
        let mut p = Params::default();
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            if !KNOWN.contains(&&*key) {
                return Err(unknown(&key));
            }
            if seen.iter().any(|k| *k == key) {
                return Err(Failure::bad_request(format!(
                    "parameter '{key}' is given twice"
                )));
            }
            seen.push(key.to_string());
            let value = value.trim();
            if value.len() > MAX_QUERY_BYTES {
                return Err(Failure::bad_request(format!(
                    "{key}: too long ({} bytes; at most {MAX_QUERY_BYTES})",
                    value.len()
                )));
            }
            if value.is_empty() {
                continue;
            }
            let text = || Some(value.to_owned());
            match &*key {
                "q" => p.q = value.to_owned(),
                "plain" => p.plain = flag(&key, value)?,
                "match" => p.matching = choice(&key, value)?,
                "all" => p.all = flag(&key, value)?,
                "sort" => p.sort = choice(&key, value)?,
                "by" if value.eq_ignore_ascii_case("auto") => p.by = None,
                "by" => p.by = Some(choice(&key, value)?),
                "limit" => p.limit = Some(number(&key, value, 1, MAX_LIMIT)?),
                "offset" => p.offset = Some(number(&key, value, 0, MAX_RESULT_WINDOW)?),
                "page" => p.page = Some(number(&key, value, 1, MAX_RESULT_WINDOW)?),
                "id" => p.id = text(),
                "path" => p.path = text(),
                other => match Filter::from_name(other) {
                    Some(filter) => *p.filters.get_mut(filter) = text(),
                    None => return Err(unknown(other)),
                },
            }
        }
        if p.page.is_some() && p.offset.is_some() {
            return Err(Failure::bad_request("give page or offset, not both"));
        }
        Ok(p)
    }

    /// Hits per page.
    pub fn limit(&self) -> usize {
        self.limit.unwrap_or(DEFAULT_LIMIT)
    }

    /// Hits skipped: `offset`, or the pages before `page`.
    pub fn offset(&self) -> usize {
        match (self.offset, self.page) {
            (Some(offset), _) => offset,
            (None, Some(page)) => (page - 1).saturating_mul(self.limit()),
            (None, None) => 0,
        }
    }

    /// Whether any filter narrows the search.
    pub fn has_filters(&self) -> bool {
        !self.filters.is_empty()
    }

    /// The search to run: an empty query means every article.
    pub fn request(&self) -> Request {
        let every = self.q.is_empty();
        Request {
            query: if every { "*".into() } else { self.q.clone() },
            plain: self.plain && !every,
            matching: self.matching,
            limit: self.limit(),
            offset: self.offset(),
            sort: self.sort,
            filters: self.filters.clone(),
            snippets: true,
            all: self.all,
        }
    }

    /// The search page's URL for these parameters. Only what differs from
    /// the defaults is written, always in the same order, so one search
    /// has one URL; paging is written as `page`.
    pub fn search_url(&self) -> String {
        let query = self.search_query();
        if query.is_empty() {
            "/".into()
        } else {
            format!("/?{query}")
        }
    }

    /// The article page's URL; the search it was found from comes along,
    /// for the way back.
    pub fn article_url(&self, id: &str, path: &str) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        out.append_pair("id", id).append_pair("path", path);
        let article = out.finish();
        match self.search_query() {
            search if search.is_empty() => format!("/article?{article}"),
            search => format!("/article?{article}&{search}"),
        }
    }

    /// These parameters, changed by `change`, and back on the first page.
    pub fn with(&self, change: impl FnOnce(&mut Params)) -> Params {
        let mut p = self.clone();
        p.page = None;
        p.offset = None;
        change(&mut p);
        p
    }

    fn search_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            out.append_pair("q", &self.q);
        }
        for (filter, value) in self.filters.iter() {
            out.append_pair(filter.name(), value);
        }
        if self.sort != Sort::default() {
            out.append_pair("sort", self.sort.name());
        }
        if self.plain {
            out.append_pair("plain", "1");
        }
        if self.matching != Match::default() {
            out.append_pair("match", self.matching.name());
        }
        if self.all {
            out.append_pair("all", "1");
        }
        if let Some(limit) = self.limit.filter(|&l| l != DEFAULT_LIMIT) {
            out.append_pair("limit", &limit.to_string());
        }
        let offset = self.offset();
        if offset > 0 {
            if offset.is_multiple_of(self.limit()) {
                out.append_pair("page", &(offset / self.limit() + 1).to_string());
            } else {
                out.append_pair("offset", &offset.to_string());
            }
        }
        out.finish()
    }
}

fn unknown(key: &str) -> Failure {
    Failure::bad_request(format!(
        "unknown parameter '{}' (known: {})",
        clip(key),
        KNOWN.join(", ")
    ))
}

fn choice<T: Choice>(key: &str, value: &str) -> Result<T, Failure> {
    T::from_name(value).ok_or_else(|| {
        let names: Vec<&str> = T::ALL.iter().map(|v| v.name()).collect();
        Failure::bad_request(format!(
            "{key}: '{}' is not one of {}",
            clip(value),
            names.join(", ")
        ))
    })
}

fn number(key: &str, value: &str, min: usize, max: usize) -> Result<usize, Failure> {
    match value.parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        Ok(_) => Err(Failure::bad_request(format!(
            "{key}: {value} is out of range ({min} to {max})"
        ))),
        Err(_) => Err(Failure::bad_request(format!(
            "{key}: '{}' is not a number",
            clip(value)
        ))),
    }
}

fn flag(key: &str, value: &str) -> Result<bool, Failure> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(Failure::bad_request(format!(
            "{key}: '{}' is not one of 1, true, 0, false",
            clip(value)
        ))),
    }
}

/// The start of a value, for a message that quotes it.
fn clip(s: &str) -> String {
    const SHOWN: usize = 40;
    if s.chars().count() <= SHOWN {
        return s.to_owned();
    }
    let start: String = s.chars().take(SHOWN).collect();
    format!("{start}...")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_form_and_writes_it_back() {
        let p = Params::parse(
            "q=arms+control&person=Sergey%20Lavrov&topic=&source=&since=2017-02\
             &until=&sort=newest&page=3",
        )
        .unwrap();
        assert_eq!(p.q, "arms control");
        assert_eq!(p.filters.person.as_deref(), Some("Sergey Lavrov"));
        assert_eq!(p.filters.topic, None, "blank fields are absent");
        assert_eq!(p.sort, Sort::Newest);
        assert_eq!((p.limit(), p.offset()), (10, 20));
        assert_eq!(
            p.search_url(),
            "/?q=arms+control&person=Sergey+Lavrov&since=2017-02&sort=newest&page=3"
        );
        let first = p.with(|p| p.filters.person = None);
        assert_eq!(
            first.search_url(),
            "/?q=arms+control&since=2017-02&sort=newest"
        );
        assert_eq!(
            first.article_url("17", "/a b.json"),
            "/article?id=17&path=%2Fa+b.json&q=arms+control&since=2017-02&sort=newest"
        );
        assert_eq!(Params::default().search_url(), "/");
        let req = Params::default().request();
        assert_eq!((req.query.as_str(), req.limit), ("*", 10));
    }

    #[test]
    fn bad_parameters_are_named() {
        let message = |q: &str| Params::parse(q).unwrap_err().message;
        assert!(message("query=x").contains("unknown parameter 'query'"));
        assert!(message("q=a&q=b").contains("'q' is given twice"));
        assert!(message("limit=1000").contains("limit: 1000 is out of range (1 to 100)"));
        assert!(message("limit=0").contains("out of range"));
        assert!(message("page=0").contains("page: 0 is out of range"));
        assert!(message("page=x").contains("page: 'x' is not a number"));
        assert!(message("sort=best").contains("not one of relevance, newest, oldest"));
        assert!(message("by=decade").contains("by: 'decade'"));
        assert!(message("plain=maybe").contains("plain:"));
        assert!(message("match=some").contains("match: 'some' is not one of all, any"));
        let p = Params::parse("q=oil+prices&match=ANY").unwrap();
        assert_eq!(p.request().matching, Match::Any);
        assert_eq!(p.search_url(), "/?q=oil+prices&match=any");
        assert!(message("page=2&offset=5").contains("not both"));
        let long = format!("q={}", "a".repeat(MAX_QUERY_BYTES + 1));
        assert!(message(&long).contains("q: too long (1001 bytes; at most 1000)"));
        assert_eq!(Params::parse("").unwrap(), Params::default());
        assert_eq!(Params::parse("by=auto").unwrap().by, None);
        assert_eq!(Params::parse("by=WEEK").unwrap().by, Some(Period::Week));
        assert_eq!(Params::parse("q=%FF").unwrap().q, "\u{FFFD}");
    }

    #[test]
    fn deep_pages_saturate_and_odd_offsets_survive() {
        let p = Params::parse(&format!("page={MAX_RESULT_WINDOW}&limit=100")).unwrap();
        assert!(p.offset() + p.limit() > MAX_RESULT_WINDOW);
        let p = Params::parse("q=x&offset=5").unwrap();
        assert_eq!(p.search_url(), "/?q=x&offset=5");
    }
}
