//! Replies (RFC 5321 §4.2) and enhanced status codes (RFC 3463).

use std::borrow::Cow;
use std::fmt;

use crate::error::InvalidValue;
use crate::grammar;

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
    class: u8,
    subject: u16,
    detail: u16,
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

    /// 2, 4 or 5.
    pub fn class(self) -> u8 {
        self.class
    }

    /// `1*3digit`.
    pub fn subject(self) -> u16 {
        self.subject
    }

    /// `1*3digit`.
    pub fn detail(self) -> u16 {
        self.detail
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
    /// A reply. Refused if the enhanced code's class differs from the code's, if a line
    /// holds a control character other than tab (`CR`, `LF` and `NUL` would end or
    /// corrupt the line), or if, without an enhanced code, the first line starts with
    /// text that would read back as one (`2.0.0 ...`). No lines means one empty line.
    pub fn new(
        code: ReplyCode,
        enhanced: Option<EnhancedCode>,
        lines: Vec<Cow<'a, str>>,
    ) -> Result<Reply<'a>, InvalidValue> {
        if enhanced.is_some_and(|e| e.class != code.class()) {
            return Err(InvalidValue::new(
                "enhanced code",
                "class differs from the code's",
            ));
        }
        if !lines.iter().all(|l| grammar::is_reply_text(l)) {
            return Err(InvalidValue::new("reply text", "holds a control character"));
        }
        let reads_as_enhanced = enhanced.is_none()
            && lines
                .first()
                .is_some_and(|l| grammar::split_enhanced(l, code.class()).is_some());
        if reads_as_enhanced {
            return Err(InvalidValue::new(
                "reply text",
                "starts like an enhanced status code",
            ));
        }
        Ok(Reply::from_parts(code, enhanced, lines))
    }

    /// A reply the parser has read: its text needs no check.
    pub(crate) fn from_parts(
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

    /// A one-line reply; the enhanced code is given as `(class, subject, detail)`.
    /// Refused if the code or the enhanced code is out of range, or as by
    /// [`Reply::new`].
    ///
    /// ```
    /// use smtp_proto::Reply;
    /// assert!(Reply::simple(250, Some((2, 1, 0)), "OK").is_ok());
    /// assert!(Reply::simple(250, None, "ok\r\n250 forged").is_err());
    /// assert!(Reply::simple(250, None, "2.0.0 reads back as an enhanced code").is_err());
    /// assert!(Reply::simple(699, None, "no such code").is_err());
    /// ```
    pub fn simple(
        code: u16,
        enhanced: Option<(u8, u16, u16)>,
        text: impl Into<Cow<'a, str>>,
    ) -> Result<Reply<'a>, InvalidValue> {
        let code = ReplyCode::new(code).ok_or(InvalidValue::new("reply code", "out of range"))?;
        let enhanced = match enhanced {
            Some((c, s, d)) => Some(
                EnhancedCode::new(c, s, d)
                    .ok_or(InvalidValue::new("enhanced code", "out of range"))?,
            ),
            None => None,
        };
        Reply::new(code, enhanced, vec![text.into()])
    }

    /// [`Reply::simple`] for the replies a state machine builds itself, falling back to
    /// `451 4.3.0 Local error` if the text (from configuration) is refused.
    pub(crate) fn or_local_error(
        code: u16,
        enhanced: Option<(u8, u16, u16)>,
        text: impl Into<Cow<'a, str>>,
    ) -> Reply<'a> {
        Reply::simple(code, enhanced, text).unwrap_or_else(|_| Reply {
            code: ReplyCode(451),
            enhanced: Some(EnhancedCode {
                class: 4,
                subject: 3,
                detail: 0,
            }),
            lines: vec![Cow::Borrowed("Local error")],
        })
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
