//! What a search asks for: the query, the filters, the order and the
//! page, as the user gave them. The command line, batch lines and the web
//! server each fill a [`Request`] from their own input; the core checks
//! the values and, when one is wrong, names the filter at fault
//! ([`FilterError`]), and each front end words that for its users.

use crate::search::query;

/// What to search for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    pub query: String,
    pub plain: bool,
    /// Whether articles must hold all the query's words, or any of them.
    pub matching: Match,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    pub filters: Filters,
    pub snippets: bool,
    /// Every copy of a story, not one per near-duplicate group.
    pub all: bool,
}

/// A fixed choice users name with a word: a sort order, a timeline
/// period. The names are the same on the command line and in URLs.
pub trait Choice: Copy + Sized + 'static {
    /// Every value, in the order they are listed to users.
    const ALL: &'static [Self];

    /// The value's name: `newest`, `month`.
    fn name(self) -> &'static str;

    /// The value with this name, in any case.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }
}

/// The order of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Latest first.
    Newest,
    /// Earliest first.
    Oldest,
}

impl Choice for Sort {
    const ALL: &'static [Sort] = &[Sort::Relevance, Sort::Newest, Sort::Oldest];

    fn name(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }
}

/// How the words of a query combine. Words joined by nothing (`oil
/// prices`) must all be in an article by default, as web search engines
/// have it; `any` takes articles holding any of them, best first (what
/// ranking evaluations want). `AND`, `OR`, `+` and `-` mean what they say
/// either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Match {
    /// Every word (after stemming); when no article has them all, the
    /// best partial matches, with a notice ([`crate::search::Results`]'s
    /// `partial`).
    #[default]
    All,
    /// Any of the words, ranked by BM25.
    Any,
}

impl Match {
    /// `--any` on the command line: any-word matching when given.
    pub fn from_any(any: bool) -> Match {
        if any { Match::Any } else { Match::All }
    }
}

impl Choice for Match {
    const ALL: &'static [Match] = &[Match::All, Match::Any];

    fn name(self) -> &'static str {
        match self {
            Match::All => "all",
            Match::Any => "any",
        }
    }
}

/// One of the filters that narrow any query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Articles naming this person (surname alone matches).
    Person,
    /// Articles with this topic.
    Topic,
    /// Articles from this source.
    Source,
    /// Articles on or after this date.
    Since,
    /// Articles on or before this date.
    Until,
}

impl Filter {
    /// Every filter, in the order they are listed to users.
    pub const ALL: [Filter; 5] = [
        Filter::Person,
        Filter::Topic,
        Filter::Source,
        Filter::Since,
        Filter::Until,
    ];

    /// The filter's name: the key of a URL parameter or a batch line, and
    /// the command line's flag without its `--`.
    pub fn name(self) -> &'static str {
        match self {
            Filter::Person => "person",
            Filter::Topic => "topic",
            Filter::Source => "source",
            Filter::Since => "since",
            Filter::Until => "until",
        }
    }

    /// The filter with this name.
    pub fn from_name(name: &str) -> Option<Filter> {
        Filter::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The schema field a text filter matches; `None` for the dates.
    pub(crate) fn field(self) -> Option<&'static str> {
        match self {
            Filter::Person => Some("people"),
            Filter::Topic => Some("topic"),
            Filter::Source => Some("source"),
            Filter::Since | Filter::Until => None,
        }
    }
}

/// The filters of a request, each a value as the user wrote it, or `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub person: Option<String>,
    pub topic: Option<String>,
    pub source: Option<String>,
    /// YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339.
    pub since: Option<String>,
    /// YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339; the whole day, month or
    /// year is included.
    pub until: Option<String>,
}

impl Filters {
    /// One filter's value.
    pub fn get(&self, filter: Filter) -> Option<&str> {
        self.slot(filter).as_deref()
    }

    /// One filter's value, to set or clear.
    pub fn get_mut(&mut self, filter: Filter) -> &mut Option<String> {
        match filter {
            Filter::Person => &mut self.person,
            Filter::Topic => &mut self.topic,
            Filter::Source => &mut self.source,
            Filter::Since => &mut self.since,
            Filter::Until => &mut self.until,
        }
    }

    fn slot(&self, filter: Filter) -> &Option<String> {
        match filter {
            Filter::Person => &self.person,
            Filter::Topic => &self.topic,
            Filter::Source => &self.source,
            Filter::Since => &self.since,
            Filter::Until => &self.until,
        }
    }

    /// The filters given, with their values, in [`Filter::ALL`]'s order.
    pub fn iter(&self) -> impl Iterator<Item = (Filter, &str)> {
        Filter::ALL
            .into_iter()
            .filter_map(|f| self.get(f).map(|v| (f, v)))
    }

    /// Whether no filter is given.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// These filters, each one not given taken from `defaults`.
    pub fn or(mut self, defaults: &Filters) -> Filters {
        for filter in Filter::ALL {
            let value = self.get_mut(filter);
            if value.is_none() {
                *value = defaults.slot(filter).clone();
            }
        }
        self
    }

    /// The span of time `since` and `until` leave, as RFC 3339 bounds:
    /// the start (inclusive) and the end (exclusive), each `None` when
    /// not given.
    pub fn date_bounds(&self) -> Result<(Option<String>, Option<String>), FilterError> {
        let span = |filter: Filter| -> Result<Option<(String, String)>, FilterError> {
            let Some(value) = self.get(filter) else {
                return Ok(None);
            };
            query::date_span(value)
                .map(Some)
                .map_err(|(message, _)| FilterError {
                    filter,
                    value: value.to_owned(),
                    message,
                })
        };
        let start = span(Filter::Since)?.map(|(start, _)| start);
        let end = span(Filter::Until)?.map(|(_, end)| end);
        // A span that ends before it starts holds nothing: a slip the
        // user should hear about, not an empty answer.
        if let (Some(s), Some(e)) = (&start, &end) {
            let time = |t: &str| t.parse::<jiff::Timestamp>().ok();
            if time(s) >= time(e) {
                let since = self.get(Filter::Since).unwrap_or_default();
                let until = self.get(Filter::Until).unwrap_or_default();
                return Err(FilterError {
                    filter: Filter::Since,
                    value: since.to_owned(),
                    message: format!(
                        "{since} is later than the end date ({until}); swap the two dates"
                    ),
                });
            }
        }
        Ok((start, end))
    }
}

/// A filter whose value cannot be used. Shown as `since: cannot read date
/// ...`; front ends name the filter as their users know it (`--since`,
/// the form's "From").
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}: {message}", filter.name())]
pub struct FilterError {
    pub filter: Filter,
    /// The value as given.
    pub value: String,
    /// What is wrong with it, without the filter's name.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_listed_and_merged_in_one_order() {
        let f = Filters {
            until: Some("2017".into()),
            person: Some("Lavrov".into()),
            ..Filters::default()
        };
        let given: Vec<_> = f.iter().collect();
        assert_eq!(
            given,
            vec![(Filter::Person, "Lavrov"), (Filter::Until, "2017")]
        );
        let defaults = Filters {
            person: Some("Rubio".into()),
            source: Some("Reuters".into()),
            ..Filters::default()
        };
        let merged = f.or(&defaults);
        assert_eq!(merged.person.as_deref(), Some("Lavrov"));
        assert_eq!(merged.source.as_deref(), Some("Reuters"));
        assert!(Filters::default().is_empty() && !merged.is_empty());
        for filter in Filter::ALL {
            assert_eq!(Filter::from_name(filter.name()), Some(filter));
        }
    }

    #[test]
    fn dates_are_checked_and_the_filter_named() {
        let f = Filters {
            since: Some("2017-02".into()),
            until: Some("2017".into()),
            ..Filters::default()
        };
        assert_eq!(
            f.date_bounds().unwrap(),
            (
                Some("2017-02-01T00:00:00Z".into()),
                Some("2018-01-01T00:00:00Z".into())
            )
        );
        let f = Filters {
            since: Some("2017".into()),
            until: Some("garbage".into()),
            ..Filters::default()
        };
        let err = f.date_bounds().unwrap_err();
        assert_eq!(err.filter, Filter::Until);
        assert_eq!(err.value, "garbage");
        let text = err.to_string();
        assert!(
            text.starts_with("until: cannot read date 'garbage'"),
            "{text}"
        );
        assert!(!text.contains("--") && !text.contains("plain"), "{text}");
    }

    #[test]
    fn a_span_that_ends_before_it_starts_is_refused() {
        let f = Filters {
            since: Some("2018-01-01".into()),
            until: Some("2017".into()),
            ..Filters::default()
        };
        let err = f.date_bounds().unwrap_err();
        assert_eq!(err.filter, Filter::Since);
        assert!(
            err.message.contains("later than the end date (2017)"),
            "{err}"
        );
        // One day is a span: since and until the same day is fine.
        let f = Filters {
            since: Some("2017-02-07".into()),
            until: Some("2017-02-07".into()),
            ..Filters::default()
        };
        assert!(f.date_bounds().is_ok());
    }

    #[test]
    fn choices_are_named_in_any_case() {
        assert_eq!(Sort::from_name("NEWEST"), Some(Sort::Newest));
        assert_eq!(Sort::from_name("best"), None);
        let names: Vec<_> = Sort::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(names, ["relevance", "newest", "oldest"]);
        assert_eq!(Match::from_name("ANY"), Some(Match::Any));
        assert_eq!(Match::default(), Match::All);
    }
}
