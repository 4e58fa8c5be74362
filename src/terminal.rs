//! Text from articles and file names, made safe for a terminal or a TSV
//! line: an article may carry escape sequences that would blink, retitle
//! the window or clear the screen, and a tab or newline would break a TSV
//! row. Control characters are shown as `\x1b`-style escapes instead.

use std::borrow::Cow;
use std::fmt::Write;

/// `s` with every control character (C0, DEL, C1) written as a visible
/// escape: `\x1b`, `\t`, `\n`, `\r`, `\u{9b}`.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x80 && c.is_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `s` on one line: tabs and line breaks become spaces (a snippet reads
/// on, a TSV field stays one field), every other control character is
/// made [`visible`].
pub fn one_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let spaced = s.replace(['\t', '\n', '\r'], " ");
    Cow::Owned(visible(&spaced).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible() {
        assert_eq!(visible("src\x1b[5mblink"), "src\\x1b[5mblink");
        assert_eq!(
            visible("\x1b]0;PWNED\x07\x1b[2J"),
            "\\x1b]0;PWNED\\x07\\x1b[2J"
        );
        assert_eq!(visible("a\tb\nc\u{9b}"), "a\\tb\\nc\\u{9b}");
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(visible("Sergey Lavrov, İzmir"), Cow::Borrowed(_)));
        assert!(matches!(one_line("Sergey Lavrov, İzmir"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_line_spaces_breaks_and_shows_escapes() {
        assert_eq!(
            one_line("a\tb\r\nc\x1b]0;PWNED\x07"),
            "a b  c\\x1b]0;PWNED\\x07"
        );
    }
}
