//! Reading files as streams with bounded memory: byte counting and
//! hashing on the way, capped whole reads, and capped lines.

use std::io::{self, BufRead, Read};

use xxhash_rust::xxh3::Xxh3;

/// Counts (and optionally hashes) the bytes read through it.
pub struct Counting<'a, R> {
    inner: R,
    hasher: Option<&'a mut Xxh3>,
    count: &'a mut u64,
}

impl<'a, R> Counting<'a, R> {
    pub fn new(inner: R, hasher: Option<&'a mut Xxh3>, count: &'a mut u64) -> Self {
        Counting {
            inner,
            hasher,
            count,
        }
    }
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        *self.count += n as u64;
        if let Some(h) = self.hasher.as_mut() {
            h.update(&buf[..n]);
        }
        Ok(n)
    }
}

/// Reads everything, or `None` (having stopped reading) past `cap` bytes.
pub fn read_capped(reader: &mut impl Read, cap: u64) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader.take(cap + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= cap).then_some(bytes))
}

/// True when the first character after white space (and a UTF-8 byte
/// order mark) is `[`.
pub fn starts_with_array(reader: &mut impl BufRead) -> io::Result<bool> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        let skip = if buf.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            buf.iter().take_while(|b| b.is_ascii_whitespace()).count()
        };
        if skip == 0 {
            return Ok(buf[0] == b'[');
        }
        reader.consume(skip);
    }
}

/// A line number and the line's bytes, `None` for a line over the cap.
pub type NumberedLine<'a> = (usize, Option<&'a [u8]>);

/// Lines of at most `cap` bytes; a longer one is skipped (read through,
/// not kept) and reported as `None`.
pub struct Lines<R> {
    reader: R,
    cap: usize,
    line: usize,
    buf: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R, cap: usize) -> Self {
        Lines {
            reader,
            cap,
            line: 0,
            buf: Vec::new(),
        }
    }

    /// The next line number and its bytes (without the line end), `None`
    /// for a line over the cap; `Ok(None)` at the end.
    pub fn next_line(&mut self) -> io::Result<Option<NumberedLine<'_>>> {
        self.buf.clear();
        let mut too_long = false;
        let mut any = false;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            any = true;
            let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (&chunk[..i], Some(i + 1)),
                None => (chunk, None),
            };
            if !too_long {
                if self.buf.len() + part.len() > self.cap {
                    too_long = true;
                    self.buf = Vec::new();
                } else {
                    self.buf.extend_from_slice(part);
                }
            }
            let used = done.unwrap_or(chunk.len());
            self.reader.consume(used);
            if done.is_some() {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        self.line += 1;
        if too_long {
            return Ok(Some((self.line, None)));
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        Ok(Some((self.line, Some(&self.buf))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_lines() {
        let text = b"short\r\n0123456789abcdef\nlast";
        let mut lines = Lines::new(&text[..], 8);
        assert_eq!(lines.next_line().unwrap(), Some((1, Some(&b"short"[..]))));
        assert_eq!(lines.next_line().unwrap(), Some((2, None)));
        assert_eq!(lines.next_line().unwrap(), Some((3, Some(&b"last"[..]))));
        assert_eq!(lines.next_line().unwrap(), None);
    }

    #[test]
    fn capped_reads_and_array_sniffing() {
        assert_eq!(
            read_capped(&mut &b"abc"[..], 3).unwrap(),
            Some(b"abc".to_vec())
        );
        assert_eq!(read_capped(&mut &b"abcd"[..], 3).unwrap(), None);
        assert!(starts_with_array(&mut &b"\xEF\xBB\xBF \n [1]"[..]).unwrap());
        assert!(!starts_with_array(&mut &b" {\"a\": 1}"[..]).unwrap());
    }
}
