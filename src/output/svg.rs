//! A timeline as an SVG bar chart a person can put in a report: title,
//! y axis with gridlines and counts, x axis with readable period labels.

use std::fmt::Write;

use crate::output::html::escape;
use crate::search::Choice;
use crate::search::facets::Timeline;

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 420.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 48.0;
const BOTTOM: f64 = 84.0;

/// A chart's title: the query (`*` is "All articles") and the filters
/// that narrow it, as `lavrov · person: Sergey Lavrov · from 2017-02-01`.
pub fn chart_title(query: &str, filters: &crate::search::Filters) -> String {
    use crate::search::Filter;
    let mut parts = vec![if query.trim() == "*" {
        "All articles".to_owned()
    } else {
        query.to_owned()
    }];
    for (filter, value) in filters.iter() {
        parts.push(match filter {
            Filter::Since => format!("from {value}"),
            Filter::Until => format!("to {value}"),
            other => format!("{}: {value}", other.name()),
        });
    }
    parts.join(" · ")
}

/// Renders the chart; `title` is shown above it (escaped, with control
/// characters, which XML does not allow, shown as text).
pub fn timeline_svg(t: &Timeline, title: &str) -> String {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let max = t.periods.iter().map(|p| p.count).max().unwrap_or(0).max(1);
    let step = nice_step(max);
    let top_value = max.div_ceil(step) * step;
    let n = t.periods.len().max(1) as f64;
    let slot = plot_w / n;
    let bar = (slot * 0.8).max(0.5);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="{LEFT}" y="28" font-size="16" font-weight="bold">{}</text>"#,
        escape(&crate::terminal::one_line(title))
    );
    // Y axis: gridlines and counts.
    let mut v = 0;
    while v <= top_value {
        let y = TOP + plot_h - plot_h * v as f64 / top_value as f64;
        let _ = writeln!(
            s,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#ddd\"/>\n<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#444\">{v}</text>",
            LEFT + plot_w,
            LEFT - 6.0,
            y + 4.0
        );
        v += step;
    }
    let _ = writeln!(
        s,
        "<text transform=\"translate(16 {:.1}) rotate(-90)\" text-anchor=\"middle\" fill=\"#444\">articles per {}</text>",
        TOP + plot_h / 2.0,
        t.by.name()
    );
    // Bars, each with a tooltip.
    for (i, p) in t.periods.iter().enumerate() {
        let h = plot_h * p.count as f64 / top_value as f64;
        let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
        let y = TOP + plot_h - h;
        let _ = writeln!(
            s,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" fill=\"#3b6ea8\"><title>{}: {}</title></rect>",
            escape(&p.period),
            p.count
        );
    }
    // X axis: at most ~16 labels, rotated so dates stay readable.
    let every = (t.periods.len() / 16).max(1);
    let base = TOP + plot_h;
    let _ = writeln!(
        s,
        "<line x1=\"{LEFT}\" y1=\"{base:.1}\" x2=\"{:.1}\" y2=\"{base:.1}\" stroke=\"#444\"/>",
        LEFT + plot_w
    );
    for (i, p) in t.periods.iter().enumerate().step_by(every) {
        let x = LEFT + slot * (i as f64 + 0.5);
        let _ = writeln!(
            s,
            "<text transform=\"translate({x:.1} {:.1}) rotate(-45)\" text-anchor=\"end\" fill=\"#444\">{}</text>",
            base + 14.0,
            escape(&p.period)
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#666\">{} articles{}</text>",
        LEFT + plot_w,
        HEIGHT - 8.0,
        t.total,
        if t.undated > 0 {
            format!(" ({} undated, not shown)", t.undated)
        } else {
            String::new()
        }
    );
    s.push_str("</svg>\n");
    s
}

/// A round step for about five gridlines.
fn nice_step(max: u64) -> u64 {
    let raw = (max as f64 / 5.0).max(1.0);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    (step as u64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_names_the_query_and_its_filters() {
        let filters = crate::search::Filters {
            person: Some("Putin".into()),
            source: Some("tass".into()),
            since: Some("2017-02".into()),
            ..Default::default()
        };
        assert_eq!(
            chart_title("*", &filters),
            "All articles · person: Putin · source: tass · from 2017-02"
        );
        assert_eq!(chart_title("lavrov", &Default::default()), "lavrov");
    }

    #[test]
    fn chart_has_bars_labels_and_escaped_title() {
        let t = Timeline::months(jiff::civil::date(2017, 1, 1), &[3, 0, 12], 1);
        let svg = timeline_svg(&t, "<script>x</script>");
        assert_eq!(svg.matches("<rect x=").count(), 3);
        assert!(svg.contains(">2017-03<") && svg.contains("&lt;script&gt;"));
        assert!(!svg.contains("<script>"));
        assert_eq!(nice_step(12), 5);
        assert_eq!(nice_step(1), 1);
        assert_eq!(nice_step(870), 200);
    }

    #[test]
    fn control_characters_in_the_title_stay_valid_xml() {
        let t = Timeline::months(jiff::civil::date(2017, 1, 1), &[1], 0);
        let svg = timeline_svg(&t, "oil\x1b]0;PWNED\x07");
        assert!(!svg.chars().any(|c| c.is_control() && c != '\n'));
        assert!(svg.contains("oil\\x1b]0;PWNED\\x07"), "{svg}");
    }
}
