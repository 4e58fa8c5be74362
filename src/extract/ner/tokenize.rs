//! Tokenising as CoNLL-2003 does: words, punctuation and clitics apart,
//! each token with its byte offsets, and where sentences start.

/// Abbreviations that keep their period (lower case, no period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "st", "sen", "gen", "rep", "gov", "lt", "col", "jr", "sr",
    "inc", "corp", "co", "ltd", "vs", "no", "prof", "capt", "sgt", "adm", "mt", "ft", "rev", "hon",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// A token of running text, as byte offsets into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Splits text into tokens the way CoNLL-2003 is tokenised, and marks
/// where sentences start.
///
/// Punctuation is split off, also inside a chunk with no space
/// (`Putin."?Meanwhile`); possessive and clitic endings are tokens of their
/// own (`Lavrov` `'s`, `Russia` `’s`, `do` `n't`); hyphens and apostrophes
/// inside words stay (`Kara-Murza`, `O'Brien`), as do abbreviations and
/// initials with their periods (`U.S.`, `Mr.`, `J.`) and numbers (`13,000`,
/// `3.5`). Em and en dashes are tokens even between words. A sentence
/// starts after `.`, `!` or `?` (and any closing quote glued to it),
/// after a blank line, and after a line break unless a word in lower case
/// follows it.
pub fn tokenize(text: &str) -> (Vec<Span>, Vec<bool>) {
    let mut out = Tokens {
        spans: Vec::with_capacity(text.len() / 5 + 1),
        starts: Vec::with_capacity(text.len() / 5 + 1),
        pending: true,
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        // White space, counting line breaks.
        let mut newlines = 0;
        while i < text.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if !b.is_ascii_whitespace() {
                    break;
                }
                newlines += (b == b'\n') as usize;
                i += 1;
            } else {
                let c = char_at(text, i);
                if !c.is_whitespace() {
                    break;
                }
                i += c.len_utf8();
            }
        }
        if i >= text.len() {
            break;
        }
        // A line break before a word in lower case is a hard wrap in the
        // middle of a sentence; any other ends one (cleaning keeps only
        // the line breaks that are not wraps: one sentence a line, table
        // rows, headings).
        if newlines >= 2 || newlines == 1 && !char_at(text, i).is_lowercase() {
            out.pending = true;
        }
        // A chunk: up to white space or a dash.
        let mut j = i;
        while j < text.len() {
            let b = bytes[j];
            if b.is_ascii() {
                if b.is_ascii_whitespace() {
                    break;
                }
                j += 1;
            } else {
                let c = char_at(text, j);
                if c.is_whitespace() || c == '—' || c == '–' {
                    break;
                }
                j += c.len_utf8();
            }
        }
        if j == i {
            let len = char_at(text, i).len_utf8();
            out.push(text, i, i + len);
            i += len;
        } else {
            split_chunk(text, i, j, &mut out);
            i = j;
        }
    }
    (out.spans, out.starts)
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// Tokens found so far, and whether the next one starts a sentence.
struct Tokens {
    spans: Vec<Span>,
    starts: Vec<bool>,
    pending: bool,
}

impl Tokens {
    fn push(&mut self, text: &str, start: usize, end: usize) {
        let tok = &text[start..end];
        let glued = self.spans.last().is_some_and(|s| s.end == start);
        let closing = matches!(tok, "\"" | "'" | "’" | "”" | ")" | "]" | "»");
        if self.pending && glued && closing {
            // `said."`: the quote ends the sentence before.
            self.starts.push(false);
        } else {
            self.starts.push(self.pending);
            self.pending = false;
        }
        self.spans.push(Span { start, end });
        if matches!(tok, "." | "!" | "?") {
            self.pending = true;
        }
    }

    /// A word, with a possessive or clitic ending apart.
    fn push_word(&mut self, text: &str, start: usize, end: usize) {
        let word = &text[start..end];
        if let Some(q) = word.rfind(['\'', '’']) {
            let after = &word[q..];
            let ending =
                after[after.chars().next().map_or(1, char::len_utf8)..].to_ascii_lowercase();
            let cut = match ending.as_str() {
                "s" | "re" | "ve" | "ll" | "d" | "m" => Some(q),
                "t" if q > 1 && word[..q].ends_with(['n', 'N']) => Some(q - 1),
                _ => None,
            };
            if let Some(cut) = cut.filter(|&c| c > 0) {
                self.push(text, start, start + cut);
                self.push(text, start + cut, end);
                return;
            }
        }
        self.push(text, start, end);
    }
}

/// A character that belongs to a word: letters, digits, marks, and a few
/// symbols kept with them (`AT&T`, `$5`, `5%`, `#tag`).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '&' | '@' | '%' | '$' | '#' | '_')
    } else {
        c.is_alphanumeric()
            || !matches!(c as u32,
                0x80..=0xBF | 0xD7 | 0xF7 | 0x2000..=0x2BFF | 0x3000..=0x303F
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF20)
    }
}

/// The word before a period keeps it: `U.S.`, `Mr.`, `J.`.
fn keeps_period(word: &str) -> bool {
    if word.contains('.') {
        return true;
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    word.len() <= 6 && ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
}

/// Splits one white-space-free chunk, `text[start..end]`, into tokens.
fn split_chunk(text: &str, start: usize, end: usize, out: &mut Tokens) {
    let chunk = &text[start..end];
    // Most chunks are one plain word, and a token as they stand.
    if chunk.bytes().all(|b| b.is_ascii_alphanumeric()) {
        out.push(text, start, end);
        return;
    }
    let mut word: Option<usize> = None;
    let mut prev = ' ';
    let mut iter = chunk.char_indices().peekable();
    while let Some((k, c)) = iter.next() {
        let next = iter.peek().map_or(' ', |&(_, d)| d);
        if is_word_char(c) {
            word.get_or_insert(k);
            prev = c;
            continue;
        }
        if let Some(w) = word {
            let before = &chunk[w..k];
            let inside = match c {
                // `Kara-Murza`, `U.S.-led`.
                '-' => (prev.is_alphanumeric() || prev == '.') && next.is_alphanumeric(),
                '\'' | '’' | '&' => prev.is_alphanumeric() && next.is_alphanumeric(),
                // A letter lost to a bad encoding: `Schr?der`.
                '?' => prev.is_alphabetic() && next.is_lowercase(),
                ',' | '/' | ':' => prev.is_ascii_digit() && next.is_ascii_digit(),
                // `U.S`, `3.5`, `Ph.D`, `U.S.-led`, but not `end.The`.
                '.' if next == '-' => prev.is_alphanumeric() && keeps_period(before),
                '.' => {
                    prev.is_alphanumeric()
                        && next.is_alphanumeric()
                        && !(next.is_uppercase()
                            && before.len() >= 3
                            && before.chars().all(char::is_alphabetic)
                            && before.chars().any(char::is_lowercase))
                }
                _ => false,
            };
            if inside {
                prev = c;
                continue;
            }
            word = None;
            if c == '.' && next != '.' && !next.is_alphanumeric() && keeps_period(&chunk[w..k]) {
                out.push_word(text, start + w, start + k + 1);
                prev = c;
                continue;
            }
            out.push_word(text, start + w, start + k);
        }
        // Punctuation, one character a token; `...` is one token.
        let mut e = k + c.len_utf8();
        if c == '.' {
            while let Some(&(_, '.')) = iter.peek() {
                iter.next();
                e += 1;
            }
        }
        out.push(text, start + k, start + e);
        prev = c;
    }
    if let Some(w) = word {
        out.push_word(text, start + w, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .0
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn tokenizer_splits_like_conll() {
        let text = "Sen. Marco Rubio met Russia’s Lavrov—a \"rare\" U.S. move, J. Smith said.";
        assert_eq!(
            words(text),
            [
                "Sen.", "Marco", "Rubio", "met", "Russia", "’s", "Lavrov", "—", "a", "\"", "rare",
                "\"", "U.S.", "move", ",", "J.", "Smith", "said", "."
            ]
        );
        let (_, starts) = tokenize(text);
        assert!(starts[0] && !starts[1]);
    }

    #[test]
    fn tokenizer_splits_glued_punctuation_and_clitics() {
        assert_eq!(
            words("Putin.\"?Meanwhile O'Brien's Kara-Murza, don't 13,000 3.5% Rink,75 (AP)"),
            [
                "Putin",
                ".",
                "\"",
                "?",
                "Meanwhile",
                "O'Brien",
                "'s",
                "Kara-Murza",
                ",",
                "do",
                "n't",
                "13,000",
                "3.5%",
                "Rink",
                ",",
                "75",
                "(",
                "AP",
                ")"
            ]
        );
        assert_eq!(words("end.The U.S.-led"), ["end", ".", "The", "U.S.-led"]);
        assert_eq!(words("Wait... what"), ["Wait", "...", "what"]);
    }

    #[test]
    fn a_line_break_ends_a_sentence_unless_a_lower_case_word_follows() {
        let text = "Peter Blackburn\nBRUSSELS 1996-08-22\nThe Commission said\nit would";
        let (spans, starts) = tokenize(text);
        let started: Vec<&str> = spans
            .iter()
            .zip(&starts)
            .filter(|(_, s)| **s)
            .map(|(s, _)| &text[s.start..s.end])
            .collect();
        assert_eq!(started, ["Peter", "BRUSSELS", "The"]);
    }

    #[test]
    fn tokenizer_offsets_and_sentences() {
        let text = "He said: “Lavrov’s aides left.” Then\n\nRubio spoke";
        let (spans, starts) = tokenize(text);
        let toks: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(
            toks,
            [
                "He", "said", ":", "“", "Lavrov", "’s", "aides", "left", ".", "”", "Then", "Rubio",
                "spoke"
            ]
        );
        let started: Vec<&str> = toks
            .iter()
            .zip(&starts)
            .filter(|(_, s)| **s)
            .map(|(t, _)| *t)
            .collect();
        assert_eq!(started, ["He", "Then", "Rubio"]);
    }
}
