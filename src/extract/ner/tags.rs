//! The tags and the name spans they mark.

/// Tags: outside, beginning and inside of a person's name.
pub const O: usize = 0;
pub const B: usize = 1;
pub const I: usize = 2;
pub(super) const TAGS: usize = 3;

/// Person-name spans (token index ranges) from tags. A name never
/// crosses a sentence start.
pub fn spans(tags: &[usize], sentence_start: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &t) in tags.iter().enumerate() {
        let continues = t == I && start.is_some() && !sentence_start[i];
        if !continues {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
            if t != O {
                start = Some(i);
            }
        }
    }
    if let Some(s) = start {
        out.push((s, tags.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_from_tags() {
        let starts = [true, false, false, false, true, false];
        assert_eq!(
            spans(&[B, I, O, B, I, O], &starts),
            [(0, 2), (3, 4), (4, 5)]
        );
    }
}
