//! Replies (RFC 5321 §4.2) and enhanced status codes (RFC 3463).

use std::borrow::Cow;
use std::fmt;

/// A three-digit reply code, `200..=599` as sent by servers (RFC 5321 §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReplyCode(u16);

impl ReplyCode {
    /// 250, requested action okay.
    pub const OK: ReplyCode = ReplyCode(250);

    /// Makes a code; `None` unless it is three digits with the first in `2..=5`
    /// (RFC 5321 `Reply-code = %x32-35 %x30-35 %x30-39`).
    pub fn new(code: u16) -> Option<ReplyCode> {
        let ok = (200..=599).contains(&code) && (code / 10) % 10 <= 5;
        ok.then_some(ReplyCode(code))
    }

    /// The number.
    pub fn get(self) -> u16 {
        self.0
    }

    /// The first digit: 2 positive, 3 intermediate, 4 transient, 5 permanent failure.
    pub fn class(self) -> u8 {
        (self.0 / 100) as u8
    }

    /// `2yz`.
    pub fn is_positive(self) -> bool {
        self.class() == 2
    }

    /// `3yz`.
    pub fn is_intermediate(self) -> bool {
        self.class() == 3
    }

    /// `4yz` or `5yz`.
    pub fn is_failure(self) -> bool {
        self.class() >= 4
    }
}

impl fmt::Display for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An enhanced status code `class.subject.detail` (RFC 3463 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EnhancedCode {
    /// 2, 4 or 5.
    pub class: u8,
    /// `1*3digit`.
    pub subject: u16,
    /// `1*3digit`.
    pub detail: u16,
}

impl EnhancedCode {
    /// Makes a code; `None` if out of the RFC 3463 ranges.
    pub fn new(class: u8, subject: u16, detail: u16) -> Option<EnhancedCode> {
        (matches!(class, 2 | 4 | 5) && subject <= 999 && detail <= 999).then_some(EnhancedCode {
            class,
            subject,
            detail,
        })
    }
}

impl fmt::Display for EnhancedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

/// A reply: one code, an optional enhanced code, and one or more lines of text.
///
/// When `enhanced` is set it is written at the start of every line, and when parsing
/// it is taken from the first line and removed from every line that repeats it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply<'a> {
    code: ReplyCode,
    enhanced: Option<EnhancedCode>,
    lines: Vec<Cow<'a, str>>,
}

impl<'a> Reply<'a> {
    /// A reply; each line must be free of `CR` and `LF` (checked when encoding).
    pub fn new(
        code: ReplyCode,
        enhanced: Option<EnhancedCode>,
        lines: Vec<Cow<'a, str>>,
    ) -> Reply<'a> {
        let lines = if lines.is_empty() {
            vec![Cow::Borrowed("")]
        } else {
            lines
        };
        Reply {
            code,
            enhanced,
            lines,
        }
    }

    /// A one-line reply from a code known to be valid; an invalid code becomes 500.
    /// The enhanced code is given as `(class, subject, detail)`.
    pub fn simple(
        code: u16,
        enhanced: Option<(u8, u16, u16)>,
        text: impl Into<Cow<'a, str>>,
    ) -> Reply<'a> {
        let code = ReplyCode::new(code).unwrap_or(ReplyCode(500));
        let enhanced = enhanced.and_then(|(c, s, d)| EnhancedCode::new(c, s, d));
        Reply::new(code, enhanced, vec![text.into()])
    }

    /// The reply code.
    pub fn code(&self) -> ReplyCode {
        self.code
    }

    /// The enhanced status code, if any.
    pub fn enhanced(&self) -> Option<EnhancedCode> {
        self.enhanced
    }

    /// The text of each line (at least one), without code and enhanced code.
    pub fn lines(&self) -> &[Cow<'a, str>] {
        &self.lines
    }

    /// The text of all lines joined with spaces.
    pub fn text(&self) -> String {
        self.lines.join(" ")
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Reply<'static> {
        Reply {
            code: self.code,
            enhanced: self.enhanced,
            lines: self
                .lines
                .into_iter()
                .map(|l| Cow::Owned(l.into_owned()))
                .collect(),
        }
    }
}

impl fmt::Display for Reply<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        if let Some(e) = self.enhanced {
            write!(f, " {e}")?;
        }
        write!(f, " {}", self.text())
    }
}
