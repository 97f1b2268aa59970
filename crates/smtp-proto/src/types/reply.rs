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

/// Text for a reply line that comes from configuration, such as the server's
/// greeting after its host name: no control character other than tab (so no `CR`,
/// `LF` or `NUL`), UTF-8 allowed (RFC 6531), at most [`ReplyText::MAX_LEN`] octets.
///
/// ```
/// use smtp_proto::ReplyText;
/// assert_eq!(ReplyText::new("ESMTP Postfix").unwrap().as_str(), "ESMTP Postfix");
/// assert_eq!(ReplyText::new("hi\r\n250 forged").unwrap_err().what(), "reply text");
/// assert!(ReplyText::new("x".repeat(ReplyText::MAX_LEN + 1)).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReplyText(Cow<'static, str>);

impl ReplyText {
    /// The longest text: with `220 `, a host name of 255 octets, a space and `CRLF`
    /// the line stays within RFC 5321's 512-octet reply line (§4.5.3.1.5).
    pub const MAX_LEN: usize = 250;

    /// Text for a reply line; refused if it holds a control character other than tab
    /// or is longer than [`ReplyText::MAX_LEN`] octets.
    pub fn new(text: impl Into<Cow<'static, str>>) -> Result<ReplyText, InvalidValue> {
        let text = text.into();
        if !grammar::is_reply_text(&text) {
            return Err(InvalidValue::new("reply text", "holds a control character"));
        }
        if text.len() > Self::MAX_LEN {
            return Err(InvalidValue::new(
                "reply text",
                "longer than 250 octets, too long for a reply line",
            ));
        }
        Ok(ReplyText(text))
    }

    /// For constant text known to be valid.
    pub(crate) const fn from_static(text: &'static str) -> ReplyText {
        ReplyText(Cow::Borrowed(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ReplyText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
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
    /// The longest reply line, `CRLF` included (RFC 5321 §4.5.3.1.5): code, `SP` or
    /// `-`, the enhanced code and its `SP`, the text and `CRLF` of each line.
    pub const MAX_LINE_LEN: usize = 512;

    /// A reply. Refused if the enhanced code's class differs from the code's, if a line
    /// holds a control character other than tab (`CR`, `LF` and `NUL` would end or
    /// corrupt the line), if a line as written would be longer than
    /// [`Reply::MAX_LINE_LEN`] octets, or if, without an enhanced code, the first line
    /// starts with text that would read back as one (`2.0.0 ...`). No lines means one
    /// empty line.
    ///
    /// ```
    /// use smtp_proto::Reply;
    /// // 250 SP 2.0.0 SP text CRLF: 12 octets around the text
    /// assert!(Reply::simple(250, Some((2, 0, 0)), "x".repeat(500)).is_ok());
    /// assert!(Reply::simple(250, Some((2, 0, 0)), "x".repeat(501)).is_err());
    /// ```
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
        if lines
            .iter()
            .any(|l| line_len(enhanced, l) > Self::MAX_LINE_LEN)
        {
            return Err(InvalidValue::new(
                "reply text",
                "a reply line longer than 512 octets (RFC 5321 \u{a7}4.5.3.1.5)",
            ));
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

    /// True if every line, as written, fits [`Reply::MAX_LINE_LEN`]. Always true for a
    /// reply built with [`Reply::new`]; a parsed reply may be longer when its parse
    /// options allowed longer lines.
    pub fn fits_line_limit(&self) -> bool {
        self.lines
            .iter()
            .all(|l| line_len(self.enhanced, l) <= Self::MAX_LINE_LEN)
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

    /// A reply a state machine builds itself from text that is valid by construction:
    /// constant text, numbers, and values of validated types ([`ReplyText`],
    /// [`crate::server::Hostname`], capability lines, base64). No check in release
    /// builds; debug builds (and so every test) assert what [`Reply::new`] would check.
    pub(crate) fn fixed(
        code: u16,
        enhanced: Option<(u8, u16, u16)>,
        lines: Vec<Cow<'a, str>>,
    ) -> Reply<'a> {
        let enhanced = enhanced.map(|(class, subject, detail)| EnhancedCode {
            class,
            subject,
            detail,
        });
        debug_assert!(
            ReplyCode::new(code).is_some()
                && enhanced
                    .is_none_or(|e| EnhancedCode::new(e.class, e.subject, e.detail).is_some())
                && Reply::new(ReplyCode(code), enhanced, lines.clone()).is_ok(),
            "a reply the machine builds is invalid: {code} {lines:?}"
        );
        Reply::from_parts(ReplyCode(code), enhanced, lines)
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

/// The octets of one reply line as written: `code SP [enhanced SP] text CRLF`.
fn line_len(enhanced: Option<EnhancedCode>, text: &str) -> usize {
    let enhanced = enhanced.map_or(0, |e| {
        let digits = |n: u16| {
            if n >= 100 {
                3
            } else if n >= 10 {
                2
            } else {
                1
            }
        };
        1 + 1 + digits(e.subject) + 1 + digits(e.detail) + 1
    });
    4 + enhanced + text.len() + 2
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_text_is_bounded_and_line_safe() {
        assert!(ReplyText::new("x".repeat(ReplyText::MAX_LEN)).is_ok());
        assert!(ReplyText::new("x".repeat(ReplyText::MAX_LEN + 1)).is_err());
        assert!(ReplyText::new("").is_ok());
        for bad in ["a\rb", "a\nb", "a\0b", "a\u{7f}"] {
            assert_eq!(ReplyText::new(bad).unwrap_err().what(), "reply text");
        }
    }

    /// G2: no constructor builds a line past RFC 5321's 512 octets.
    #[test]
    fn an_overlong_reply_line_is_refused_when_built() {
        let long = Reply::simple(550, Some((5, 1, 1)), "x".repeat(2000));
        assert_eq!(long.unwrap_err().what(), "reply text");
        // 550 SP 5.1.1 SP text CRLF = 510 octets with 498 of text; 512 with 500
        for (text, ok) in [(498, true), (500, true), (501, false)] {
            let r = Reply::simple(550, Some((5, 1, 1)), "x".repeat(text));
            assert_eq!(r.is_ok(), ok, "{text}");
        }
        // without an enhanced code: 250 SP text CRLF
        assert!(Reply::simple(250, None, "x".repeat(507)).is_err());
        let ok = Reply::simple(250, None, "x".repeat(506)).unwrap();
        let mut wire = bytes::BytesMut::new();
        crate::encode::encode_reply(&ok, &mut wire);
        assert_eq!(wire.len(), 512);
        assert!(ok.fits_line_limit());
        // multi-line: each line is checked
        let lines = vec![Cow::Borrowed("ok"), Cow::Owned("y".repeat(600))];
        assert!(Reply::new(ReplyCode::OK, None, lines).is_err());
        // 5.123.456: 9 octets of enhanced code
        let line = "z".repeat(512 - 4 - 10 - 2);
        assert!(Reply::simple(550, Some((5, 123, 456)), line.clone()).is_ok());
        assert!(Reply::simple(550, Some((5, 123, 456)), line + "z").is_err());
    }

    #[test]
    fn a_fixed_reply_is_what_new_would_build() {
        let r = Reply::fixed(
            250,
            Some((2, 0, 0)),
            vec![Cow::Borrowed("3 octets received")],
        );
        let checked = Reply::simple(250, Some((2, 0, 0)), "3 octets received").unwrap();
        assert_eq!(r, checked);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "a reply the machine builds is invalid")]
    fn a_fixed_reply_is_checked_in_debug_builds() {
        let _ = Reply::fixed(250, None, vec![Cow::Borrowed("ok\r\n250 forged")]);
    }
}
