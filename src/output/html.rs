//! Text made safe for HTML and SVG: the one escape function every page,
//! chart and snippet goes through, and snippets with their query words
//! marked.

use std::fmt::Write;

use crate::output;

/// Escapes text for HTML or XML, in element content and in quoted
/// attribute values alike: `<script>` becomes `&lt;script&gt;`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A snippet as HTML: the text escaped, the query words in `<mark>`.
pub fn marked(snippet: &str, highlights: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(snippet.len() + 32);
    for (text, is_match) in output::segments(snippet, highlights) {
        if is_match {
            let _ = write!(out, "<mark>{}</mark>", escape(text));
        } else {
            out.push_str(&escape(text));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_no_markup() {
        let nasty = r#"<script>alert("x")</script> & <img src=x onerror='y'>"#;
        let safe = escape(nasty);
        assert_eq!(
            safe,
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; \
             &lt;img src=x onerror=&#39;y&#39;&gt;"
        );
        for c in ['<', '>', '"', '\''] {
            assert!(!safe.contains(c));
        }
        assert_eq!(escape("Café 東京"), "Café 東京");
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn marked_escapes_inside_and_outside_marks() {
        let snippet = "a <b>Lavrov</b> & <script>";
        let html = marked(snippet, &[(5, 11), (19, 25)]);
        assert_eq!(
            html,
            "a &lt;b&gt;<mark>Lavrov</mark>&lt;/b&gt; &amp; &lt;<mark>script</mark>&gt;"
        );
    }
}
