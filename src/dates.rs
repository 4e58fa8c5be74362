//! Dates as news files write them, parsed to UTC timestamps.
//!
//! Accepted: RFC 3339 (`2017-02-07T10:00:00Z`, with any offset), a civil
//! date-time with no zone (`2017-02-07 10:00:00`, taken as UTC), a date
//! (`2017-02-07`, `2017/2/7`), RFC 2822 (`Tue, 07 Feb 2017 10:00:00 GMT`),
//! Reuters' `26-FEB-1987 17:34:11.89`, and Unix seconds.

use jiff::civil::{Date, DateTime};
use jiff::{Timestamp, tz::TimeZone};

/// The first and last second the index can store: tantivy keeps dates as
/// nanoseconds in an `i64`, so 1677-09-21T00:12:44Z to 2262-04-11T23:47:16Z.
/// A date outside would wrap around (year 1 became 1754) and is refused.
pub const FIRST_SECOND: i64 = i64::MIN / 1_000_000_000 + 1;
pub const LAST_SECOND: i64 = i64::MAX / 1_000_000_000;

/// Why a date is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("cannot parse date")]
    Unreadable,
    /// A real date, outside what the index can hold.
    #[error("date {} is outside the years 1677 to 2262 the index can hold", format_day(*.0))]
    OutOfRange(Timestamp),
}

/// True when the index can store `ts` as it is.
pub fn in_range(ts: Timestamp) -> bool {
    (FIRST_SECOND..=LAST_SECOND).contains(&ts.as_second())
}

/// Parses a date in any of the accepted forms; `None` if none fits, or if
/// it is outside the range the index can hold.
pub fn parse_date(input: &str) -> Option<Timestamp> {
    parse_date_checked(input).ok()
}

/// Parses a date, telling an unreadable one from one out of range.
pub fn parse_date_checked(input: &str) -> Result<Timestamp, DateError> {
    let ts = parse_any(input).ok_or(DateError::Unreadable)?;
    if in_range(ts) {
        Ok(ts)
    } else {
        Err(DateError::OutOfRange(ts))
    }
}

/// Parses a date in any of the accepted forms, whatever its year.
fn parse_any(input: &str) -> Option<Timestamp> {
    let s = input.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(s) {
        return Some(zoned.timestamp());
    }
    if let Ok(dt) = s.parse::<DateTime>() {
        return utc(dt);
    }
    if let Some(ts) = parse_reuters(s) {
        return Some(ts);
    }
    if let Some(date) = parse_ymd(s) {
        return utc(date.to_datetime(jiff::civil::Time::midnight()));
    }
    if s.len() >= 9 && s.bytes().all(|b| b.is_ascii_digit()) {
        let secs: i64 = s.parse().ok()?;
        // Milliseconds since the epoch are common in feeds too.
        let secs = if s.len() >= 13 { secs / 1000 } else { secs };
        return Timestamp::from_second(secs).ok();
    }
    None
}

fn utc(dt: DateTime) -> Option<Timestamp> {
    dt.to_zoned(TimeZone::UTC).ok().map(|z| z.timestamp())
}

/// `2017-02-07`, `2017/2/7`, `2017.02.07`, possibly followed by a time
/// separated by a space or `T` that the stricter parsers rejected; the
/// time is then dropped rather than the whole date.
fn parse_ymd(s: &str) -> Option<Date> {
    let head = s.split([' ', 'T']).next()?;
    let mut parts = head.split(['-', '/', '.']);
    let year: i16 = parts.next()?.parse().ok()?;
    let month: i8 = parts.next()?.parse().ok()?;
    let day: i8 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1000..=9999).contains(&year) {
        return None;
    }
    Date::new(year, month, day).ok()
}

/// Reuters-21578: `26-FEB-1987 17:34:11.89` (some have trailing junk).
fn parse_reuters(s: &str) -> Option<Timestamp> {
    let mut it = s.split_whitespace();
    let date = it.next()?;
    let time = it.next().unwrap_or("00:00:00");
    let mut parts = date.split('-');
    let day: i8 = parts.next()?.parse().ok()?;
    let month = month_number(parts.next()?)?;
    let year: i16 = parts.next()?.parse().ok()?;
    let date = Date::new(year, month, day).ok()?;
    let mut hms = time.split(':');
    let hour: i8 = hms.next()?.parse().ok()?;
    let minute: i8 = hms.next().unwrap_or("0").parse().ok()?;
    // Some records carry junk after the time (`00:02:59.13&#5;&#5;RM`).
    let second: String = hms
        .next()
        .unwrap_or("0")
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let second: f64 = second.parse().ok()?;
    let time = jiff::civil::Time::new(hour, minute, second.trunc() as i8, 0).ok()?;
    utc(date.to_datetime(time))
}

fn month_number(name: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = name.get(..3)?.to_ascii_lowercase();
    MONTHS.iter().position(|m| *m == lower).map(|i| i as i8 + 1)
}

/// Formats a timestamp as the date readers expect in listings.
pub fn format_day(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> String {
        parse_date(s)
            .map(format_day)
            .unwrap_or_else(|| "none".into())
    }

    #[test]
    fn the_forms_in_the_corpora() {
        assert_eq!(day("2017-02-07"), "2017-02-07");
        assert_eq!(day("2017/2/7"), "2017-02-07");
        assert_eq!(day("2017-02-07T23:30:00-05:00"), "2017-02-08");
        assert_eq!(day("2017-02-07T10:00:00Z"), "2017-02-07");
        assert_eq!(day("2017-02-07 10:00:00"), "2017-02-07");
        assert_eq!(day("26-FEB-1987 17:34:11.89"), "1987-02-26");
        assert_eq!(day(" 5-MAR-1987 09:21:51.45"), "1987-03-05");
        assert_eq!(day("27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM"), "1987-03-27");
        assert_eq!(day("Tue, 07 Feb 2017 10:00:00 GMT"), "2017-02-07");
        assert_eq!(day("1486461600"), "2017-02-07");
    }

    #[test]
    fn junk_is_none() {
        for s in ["", "yesterday", "2017-13-45", "32-FOO-1987", "12"] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    // See issue 13, point 8.
    #[test]
    fn dates_the_index_cannot_hold_are_refused() {
        for s in [
            "0001-01-01T00:00:00Z",
            "3000-06-15",
            "1677-09-21T00:00:00Z",
            "2262-04-12",
            "99999999999",
            "1-JAN-1000",
        ] {
            assert!(
                matches!(parse_date_checked(s), Err(DateError::OutOfRange(_))),
                "{s}"
            );
            assert_eq!(parse_date(s), None, "{s}");
        }
        assert_eq!(parse_date_checked("someday"), Err(DateError::Unreadable));
        for s in [
            "1677-09-22",
            "1700-01-01",
            "2262-04-10",
            "2262-04-11T23:47:16Z",
        ] {
            assert!(parse_date(s).is_some(), "{s}");
        }
        assert!(!in_range(Timestamp::from_second(LAST_SECOND + 1).unwrap()));
        assert!(in_range(Timestamp::from_second(FIRST_SECOND).unwrap()));
    }

    #[test]
    fn reuters_time_is_kept() {
        let ts = parse_date("26-FEB-1987 17:34:11.89").unwrap();
        assert_eq!(ts.to_string(), "1987-02-26T17:34:11Z");
    }
}
