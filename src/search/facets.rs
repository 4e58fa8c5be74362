//! Counting over matching articles without loading them: the most
//! frequent people, topics or sources (a terms aggregation over their
//! fast fields), and articles per period (a collector over the date
//! column).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use anyhow::{Context, Result};
use jiff::civil::Date;
use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Query;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::index::entities::Entities;
use crate::search::request::Choice;

/// What is counted over the matching articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    People,
    Topics,
    Sources,
}

impl Kind {
    /// The keyword fast field counted.
    pub fn field(self) -> &'static str {
        match self {
            Kind::People => "people_exact",
            Kind::Topics => "topic_exact",
            Kind::Sources => "source_exact",
        }
    }
}

/// A value and how many matching articles have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub name: String,
    pub count: u64,
}

/// The `limit` most frequent people, topics or sources among the
/// articles matching `query`.
pub fn top_values(
    searcher: &Searcher,
    query: &dyn Query,
    kind: Kind,
    limit: usize,
) -> Result<Vec<Count>> {
    let field = kind.field();
    // Terms aggregations keep every bucket they return: cap the list.
    let limit = limit.clamp(1, 10_000);
    let aggs: Aggregations = serde_json::from_value(serde_json::json!({
        "top": { "terms": { "field": field, "size": limit, "segment_size": (limit * 10).max(100) } }
    }))
    .context("bad aggregation request")?;
    let collector = AggregationCollector::from_aggs(aggs, AggContextParams::default());
    let results = searcher
        .search(query, &collector)
        .context("counting failed")?;
    let value = serde_json::to_value(&results).context("bad aggregation result")?;
    let buckets = value["top"]["buckets"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    Ok(buckets
        .iter()
        .filter_map(|b| {
            Some(Count {
                name: b["key"].as_str()?.to_owned(),
                count: b["doc_count"].as_u64()?,
            })
        })
        .take(limit)
        .collect())
}

/// The `limit` most frequent people or topics among the articles matching
/// `query`, as the archive resolves them (`entities`): each person or
/// topic counted once per article, under one name, so that a count is the
/// number of articles its filter returns. Sources are counted as indexed.
pub fn top_entities(
    searcher: &Searcher,
    query: &dyn Query,
    kind: Kind,
    limit: usize,
    entities: &Arc<Entities>,
) -> Result<Vec<Count>> {
    if kind == Kind::Sources {
        return top_values(searcher, query, kind, limit);
    }
    let counts = searcher
        .search(
            query,
            &EntityCounter {
                kind,
                entities: Arc::clone(entities),
            },
        )
        .context("counting failed")?;
    let mut counts: Vec<Count> = counts
        .into_iter()
        .map(|(name, count)| Count { name, count })
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    counts.truncate(limit.clamp(1, 10_000));
    Ok(counts)
}

/// Counts people or topics per article through the archive's entities.
struct EntityCounter {
    kind: Kind,
    entities: Arc<Entities>,
}

/// One segment's columns, each with its values' entity numbers by term
/// ordinal (`NONE`: no entity).
struct SegmentEntities {
    columns: Vec<(StrColumn, OrdMap)>,
    names: Vec<String>,
    counts: Vec<u64>,
    scratch: Vec<u32>,
}

enum OrdMap {
    Dense(Vec<u32>),
    Sparse(HashMap<u64, u32>),
}

const NONE: u32 = u32::MAX;

impl Collector for EntityCounter {
    type Fruit = HashMap<String, u64>;
    type Child = SegmentEntities;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentEntities> {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut names: Vec<String> = Vec::new();
        let mut id_of = |name: &str| -> u32 {
            if let Some(&id) = ids.get(name) {
                return id;
            }
            names.push(name.to_owned());
            ids.insert(name.to_owned(), names.len() as u32 - 1);
            names.len() as u32 - 1
        };
        let mut columns = Vec::new();
        let fast = segment.fast_fields();
        let e = &self.entities;
        let main = match self.kind {
            Kind::Topics => "topic_exact",
            _ => "people_exact",
        };
        if let Some(column) = fast.str(main)? {
            let mut map = vec![NONE; column.num_terms()];
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                let Ok(value) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let name = match self.kind {
                    Kind::Topics => e.topic(value),
                    _ => e.person(value),
                };
                if let (Some(name), Some(slot)) = (name, map.get_mut(stream.term_ord() as usize)) {
                    *slot = id_of(name);
                }
            }
            columns.push((column, OrdMap::Dense(map)));
        }
        if self.kind == Kind::People
            && !e.table().words.is_empty()
            && let Some(column) = fast.str("name_words")?
        {
            let mut map = HashMap::new();
            for (word, person) in &e.table().words {
                if let Some(ord) = column.dictionary().term_ord(word)? {
                    map.insert(ord, id_of(person));
                }
            }
            if !map.is_empty() {
                columns.push((column, OrdMap::Sparse(map)));
            }
        }
        let counts = vec![0; names.len()];
        Ok(SegmentEntities {
            columns,
            names,
            counts,
            scratch: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<HashMap<String, u64>>,
    ) -> tantivy::Result<HashMap<String, u64>> {
        let mut all: HashMap<String, u64> = HashMap::new();
        for fruit in fruits {
            for (name, n) in fruit {
                *all.entry(name).or_default() += n;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentEntities {
    type Fruit = HashMap<String, u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.scratch.clear();
        for (column, map) in &self.columns {
            for ord in column.term_ords(doc) {
                let id = match map {
                    OrdMap::Dense(v) => v.get(ord as usize).copied().unwrap_or(NONE),
                    OrdMap::Sparse(m) => m.get(&ord).copied().unwrap_or(NONE),
                };
                if id != NONE {
                    self.scratch.push(id);
                }
            }
        }
        self.scratch.sort_unstable();
        self.scratch.dedup();
        for &id in &self.scratch {
            self.counts[id as usize] += 1;
        }
    }

    fn harvest(self) -> HashMap<String, u64> {
        self.names
            .into_iter()
            .zip(self.counts)
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

/// The length of a timeline period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    /// ISO weeks, starting on Monday.
    Week,
    #[default]
    Month,
    Year,
}

impl Choice for Period {
    const ALL: &'static [Period] = &[Period::Day, Period::Week, Period::Month, Period::Year];

    fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }
}

impl Period {
    /// The first day of the period holding `date`.
    pub fn start(self, date: Date) -> Date {
        match self {
            Period::Day => date,
            Period::Week => {
                let back = date.weekday().to_monday_zero_offset() as i64;
                date.checked_sub(jiff::Span::new().days(back))
                    .unwrap_or(date)
            }
            Period::Month => date.first_of_month(),
            Period::Year => date.first_of_year(),
        }
    }

    /// The first day of the next period.
    pub fn next(self, start: Date) -> Option<Date> {
        let span = match self {
            Period::Day => jiff::Span::new().days(1),
            Period::Week => jiff::Span::new().weeks(1),
            Period::Month => jiff::Span::new().months(1),
            Period::Year => jiff::Span::new().years(1),
        };
        start.checked_add(span).ok()
    }

    /// The shortest period that splits `first..=last` into at most `max`
    /// periods: days for a fortnight, years for decades.
    pub fn fitting(first: Date, last: Date, max: usize) -> Period {
        for by in [Period::Day, Period::Week, Period::Month] {
            let mut periods = 0;
            let mut at = Some(by.start(first));
            while let Some(start) = at.filter(|s| *s <= last && periods <= max) {
                periods += 1;
                at = by.next(start);
            }
            if periods <= max {
                return by;
            }
        }
        Period::Year
    }

    /// The last day of the period starting on `start`.
    pub fn end(self, start: Date) -> Date {
        self.next(start)
            .and_then(|next| next.yesterday().ok())
            .unwrap_or(start)
    }

    /// How a period is labelled.
    pub fn label(self, start: Date) -> String {
        match self {
            Period::Day | Period::Week => start.strftime("%Y-%m-%d").to_string(),
            Period::Month => start.strftime("%Y-%m").to_string(),
            Period::Year => start.strftime("%Y").to_string(),
        }
    }
}

/// Articles per period, with the empty periods in between filled in.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    pub by: Period,
    pub periods: Vec<PeriodCount>,
    /// Matching articles that have no date.
    pub undated: u64,
    pub total: u64,
}

#[cfg(test)]
impl Timeline {
    /// A monthly timeline from `first` on, for tests.
    pub(crate) fn months(first: Date, counts: &[u64], undated: u64) -> Timeline {
        let mut periods = Vec::new();
        let mut start = Some(first);
        for &count in counts {
            let Some(at) = start else { break };
            periods.push(PeriodCount {
                period: Period::Month.label(at),
                start: at.to_string(),
                count,
            });
            start = Period::Month.next(at);
        }
        Timeline {
            by: Period::Month,
            periods,
            undated,
            total: counts.iter().sum::<u64>() + undated,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodCount {
    /// Label: `2017-02-13` (day, week start), `2017-02` (month), `2017`.
    pub period: String,
    /// First day of the period.
    pub start: String,
    pub count: u64,
}

/// Periods filled in with zeros at most; beyond this only non-empty
/// periods are listed.
const MAX_FILLED_PERIODS: usize = 5000;

pub fn timeline(searcher: &Searcher, query: &dyn Query, by: Period) -> Result<Timeline> {
    let (days, undated) = searcher
        .search(query, &DateCollector)
        .context("counting dates failed")?;
    Ok(timeline_of(days, undated, by))
}

/// The timeline of articles counted per day (days since the epoch; any
/// day of a period stands for it), and of those without a date.
pub fn timeline_of(
    days: impl IntoIterator<Item = (i64, u64)>,
    undated: u64,
    by: Period,
) -> Timeline {
    let mut buckets: BTreeMap<Date, u64> = BTreeMap::new();
    for (day, count) in days {
        let date = jiff::Timestamp::from_second(day * 86_400)
            .map(|ts| ts.to_zoned(jiff::tz::TimeZone::UTC).date())
            .unwrap_or_default();
        *buckets.entry(by.start(date)).or_default() += count;
    }
    let total = buckets.values().sum::<u64>() + undated;
    let mut periods = Vec::new();
    if let (Some(&first), Some(&last)) = (buckets.keys().next(), buckets.keys().next_back()) {
        let mut filled = Vec::new();
        let mut at = Some(first);
        while let Some(start) = at.filter(|s| *s <= last) {
            filled.push(start);
            if filled.len() > MAX_FILLED_PERIODS {
                break;
            }
            at = by.next(start);
        }
        let starts: Vec<Date> = if filled.len() > MAX_FILLED_PERIODS {
            buckets.keys().copied().collect()
        } else {
            filled
        };
        for start in starts {
            periods.push(PeriodCount {
                period: by.label(start),
                start: start.to_string(),
                count: buckets.get(&start).copied().unwrap_or(0),
            });
        }
    }
    Timeline {
        by,
        periods,
        undated,
        total,
    }
}

/// The first and last day (`YYYY-MM-DD`) of the matching articles' dates.
pub fn date_range(searcher: &Searcher, query: &dyn Query) -> Result<Option<(String, String)>> {
    let (days, _) = searcher
        .search(query, &DateCollector)
        .context("reading dates failed")?;
    let day = |d: i64| {
        jiff::Timestamp::from_second(d * 86_400)
            .map(|ts| ts.strftime("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    Ok(match (days.keys().next(), days.keys().next_back()) {
        (Some(&first), Some(&last)) => Some((day(first), day(last))),
        _ => None,
    })
}

/// Counts matching documents per day (days since the epoch), and those
/// without a date, from the date fast field.
struct DateCollector;

struct DateSegmentCollector {
    column: Column<tantivy::DateTime>,
    days: BTreeMap<i64, u64>,
    undated: u64,
}

impl Collector for DateCollector {
    type Fruit = (BTreeMap<i64, u64>, u64);
    type Child = DateSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(DateSegmentCollector {
            column: segment.fast_fields().date("date")?,
            days: BTreeMap::new(),
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(BTreeMap<i64, u64>, u64)>) -> tantivy::Result<Self::Fruit> {
        let mut days = BTreeMap::new();
        let mut undated = 0;
        for (segment_days, segment_undated) in fruits {
            for (day, count) in segment_days {
                *days.entry(day).or_default() += count;
            }
            undated += segment_undated;
        }
        Ok((days, undated))
    }
}

impl SegmentCollector for DateSegmentCollector {
    type Fruit = (BTreeMap<i64, u64>, u64);

    fn collect(&mut self, doc: DocId, _: Score) {
        match self.column.first(doc) {
            Some(date) => {
                let day = date.into_timestamp_secs().div_euclid(86_400);
                *self.days.entry(day).or_default() += 1;
            }
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.days, self.undated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_starts() {
        let d = jiff::civil::date(2017, 2, 9); // a Thursday
        assert_eq!(Period::Week.start(d), jiff::civil::date(2017, 2, 6));
        assert_eq!(Period::Month.start(d), jiff::civil::date(2017, 2, 1));
        assert_eq!(Period::Year.label(Period::Year.start(d)), "2017");
        assert_eq!(
            Period::Month.next(jiff::civil::date(2017, 12, 1)),
            Some(jiff::civil::date(2018, 1, 1))
        );
        assert_eq!(
            Period::Month.end(jiff::civil::date(2016, 2, 1)),
            jiff::civil::date(2016, 2, 29)
        );
        assert_eq!(
            Period::Week.end(jiff::civil::date(2017, 2, 6)),
            jiff::civil::date(2017, 2, 12)
        );
    }

    #[test]
    fn periods_go_by_one_name_in_json_urls_and_flags() {
        for &period in Period::ALL {
            let json = serde_json::to_value(period).unwrap();
            assert_eq!(json, period.name());
            assert_eq!(Period::from_name(period.name()), Some(period));
        }
    }

    #[test]
    fn fitting_period_keeps_bars_few() {
        let day = |y, m, d| jiff::civil::date(y, m, d);
        let fit = |a, b| Period::fitting(a, b, 40);
        assert_eq!(fit(day(2017, 2, 1), day(2017, 2, 1)), Period::Day);
        assert_eq!(fit(day(2017, 2, 1), day(2017, 3, 12)), Period::Day);
        assert_eq!(fit(day(2017, 1, 1), day(2017, 6, 30)), Period::Week);
        assert_eq!(fit(day(2016, 12, 1), day(2017, 3, 31)), Period::Week);
        assert_eq!(fit(day(2015, 1, 1), day(2017, 3, 31)), Period::Month);
        assert_eq!(fit(day(1987, 2, 26), day(2017, 3, 31)), Period::Year);
    }
}
