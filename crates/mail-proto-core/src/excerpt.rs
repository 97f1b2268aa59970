//! Short, escaped excerpts of peer input for error messages.
//!
//! Errors carry the byte offset of the problem and a few bytes around it, escaped so
//! that control characters and binary data never reach a log line unescaped.

use std::fmt;

/// At most this many input bytes are kept in an excerpt.
pub const EXCERPT_LEN: usize = 32;

/// A short copy of offending input, displayed with non-printable bytes escaped
/// (`\r`, `\n`, `\t`, `\xNN`).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Excerpt {
    bytes: Vec<u8>,
    truncated: bool,
}

impl Excerpt {
    /// Takes up to [`EXCERPT_LEN`] bytes of `input` starting at `offset` (clamped).
    pub fn new(input: &[u8], offset: usize) -> Self {
        let start = offset.min(input.len());
        let end = start.saturating_add(EXCERPT_LEN).min(input.len());
        Excerpt {
            bytes: input[start..end].to_vec(),
            truncated: end < input.len(),
        }
    }

    /// The raw bytes kept.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Display for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for &b in &self.bytes {
            match b {
                b'\r' => f.write_str("\\r")?,
                b'\n' => f.write_str("\\n")?,
                b'\t' => f.write_str("\\t")?,
                b'"' => f.write_str("\\\"")?,
                b'\\' => f.write_str("\\\\")?,
                0x20..=0x7e => write!(f, "{}", b as char)?,
                _ => write!(f, "\\x{b:02x}")?,
            }
        }
        f.write_str("\"")?;
        if self.truncated {
            f.write_str("...")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_truncates() {
        let e = Excerpt::new(b"MAIL FROM:<a>\r\n\x00", 0);
        assert_eq!(e.to_string(), "\"MAIL FROM:<a>\\r\\n\\x00\"");
        let long = [b'a'; 100];
        let e = Excerpt::new(&long, 10);
        assert_eq!(e.as_bytes().len(), EXCERPT_LEN);
        assert!(e.to_string().ends_with("..."));
        assert_eq!(Excerpt::new(b"ab", 5).as_bytes(), b"");
    }
}
