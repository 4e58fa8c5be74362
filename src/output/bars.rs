//! A timeline as a bar chart in the terminal: one line per period, its
//! count and a bar, then the total.

use std::io::{self, Write};

use crate::search::facets::Timeline;

/// Width of the longest bar, in characters.
const BAR_WIDTH: u64 = 50;

pub fn write_timeline(out: &mut impl Write, t: &Timeline) -> io::Result<()> {
    let max = t.periods.iter().map(|p| p.count).max().unwrap_or(0).max(1);
    let width = t
        .periods
        .iter()
        .map(|p| p.count.to_string().len())
        .max()
        .unwrap_or(1);
    for p in &t.periods {
        let len = (p.count * BAR_WIDTH).div_ceil(max) as usize;
        let bar = "█".repeat(len);
        writeln!(out, "{:<10}  {:>width$}  {bar}", p.period, p.count)?;
    }
    write!(out, "{} articles", t.total)?;
    if t.undated > 0 {
        write!(out, " ({} without a date)", t.undated)?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_longest() {
        let t = Timeline::months(jiff::civil::date(2017, 1, 1), &[4, 0, 1], 2);
        let mut out = Vec::new();
        write_timeline(&mut out, &t).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], format!("2017-01     4  {}", "█".repeat(50)));
        assert_eq!(lines[1], "2017-02     0  ");
        assert_eq!(lines[2], format!("2017-03     1  {}", "█".repeat(13)));
        assert_eq!(lines[3], "7 articles (2 without a date)");
    }
}
