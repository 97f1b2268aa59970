//! The EHLO reply as capabilities (RFC 5321 §4.1.1.1:
//! `ehlo-ok-rsp = "250" SP Domain [ SP ehlo-greet ] CRLF / ( "250-" Domain
//! [ SP ehlo-greet ] CRLF *( "250-" ehlo-line CRLF ) "250" SP ehlo-line CRLF )`).

use mail_proto_core::Decoded;
use mail_proto_core::sasl::Mechanism;

use super::{ReplyOptions, parse_reply_with};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::types::capabilities::MAX_EHLO_LINE;
use crate::types::{
    Capabilities, EhloKeyword, EhloParam, EhloResponse, Extension, FutureRelease, HoldFor,
    MtPriorityPolicy, Reply,
};

/// Parses a whole EHLO or LHLO reply from `input` (with the lenient
/// [`ReplyOptions::default`]) and reads its capabilities, as
/// [`EhloResponse::from_reply`] does; `Incomplete` until the last line arrives.
///
/// ```
/// use smtp_proto::parse_ehlo;
/// let wire = b"250-mx.example.com Hello\r\n250-SIZE 35882577\r\n250-AUTH LOGIN PLAIN\r\n250 PIPELINING\r\n";
/// let (ehlo, used) = parse_ehlo(wire).ok().unwrap();
/// assert_eq!(used, wire.len());
/// assert_eq!(ehlo.domain, "mx.example.com");
/// assert_eq!(ehlo.capabilities.size, Some(Some(35882577)));
/// assert!(ehlo.capabilities.pipelining);
/// assert_eq!(ehlo.capabilities.auth.len(), 2);
/// assert!(parse_ehlo(&wire[..30]).is_incomplete());
/// ```
pub fn parse_ehlo(input: &[u8]) -> Decoded<EhloResponse, DecodeError> {
    match parse_reply_with(input, &ReplyOptions::default()) {
        Decoded::Complete { value, consumed } => match EhloResponse::from_reply(&value) {
            Ok(ehlo) => Decoded::Complete {
                value: ehlo,
                consumed,
            },
            Err(e) => Decoded::Failed(e),
        },
        other => other.map(|_| EhloResponse::default()),
    }
}

impl EhloResponse {
    /// Reads the capabilities out of a positive EHLO or LHLO reply.
    ///
    /// Tolerances, all harmless to accept: keywords in any letter case, `AUTH=` lines
    /// (old Microsoft and Netscape servers announced `AUTH=LOGIN` beside `AUTH LOGIN`),
    /// a `SIZE` without a number, repeated `AUTH` lines (merged), and the ENHANCEDSTATUSCODES
    /// a server mistakenly put on EHLO lines (stripped when parsing the reply).
    ///
    /// Every value is built through its validating type ([`MtPriorityPolicy`],
    /// [`FutureRelease`], [`Extension`]), so what a server sent encodes back as
    /// well-formed lines; parts that do not fit a type are left out as described at
    /// the line rule (a keyword stays announced where it has a field of its own).
    pub fn from_reply(reply: &Reply<'_>) -> Result<EhloResponse, DecodeError> {
        if reply.code().get() != 250 {
            return Err(DecodeError::new(
                DecodeErrorKind::Syntax("a 250 reply"),
                reply.code().to_string().as_bytes(),
                0,
            ));
        }
        let first = reply.lines()[0].trim();
        let (domain, greeting) = match first.split_once(' ') {
            Some((d, g)) => (d.to_string(), Some(g.to_string())),
            None => (first.to_string(), None),
        };
        let mut caps = Capabilities::default();
        for line in &reply.lines()[1..] {
            capability(line, &mut caps);
        }
        Ok(EhloResponse {
            domain,
            greeting,
            capabilities: caps,
        })
    }
}

/// `ehlo-line = ehlo-keyword *( SP ehlo-param )` (RFC 5321 §4.1.1.1), read leniently
/// as words split at any run of spaces or `=` (the `=` for the old `AUTH=LOGIN` form;
/// leading, repeated and trailing separators are ignored): the first word and the
/// rest. `None` for a line without a word. Each word is then checked by the type that
/// holds it.
pub(crate) fn ehlo_words(line: &str) -> Option<(&str, Vec<&str>)> {
    let mut words = line.split([' ', '=']).filter(|w| !w.is_empty());
    let keyword = words.next()?;
    Some((keyword, words.collect()))
}

/// Reads one `ehlo-line` into `caps`. Tolerances: any letter case in the keyword;
/// `SIZE` or `DELIVERBY` without a number, `MT-PRIORITY` without a valid policy name
/// and `FUTURERELEASE` without two valid limits are taken as announced without a
/// parameter; AUTH names that are not SASL names are skipped; an unknown extension
/// whose keyword is not an `ehlo-keyword` is skipped, and of its parameters those that
/// are not `ehlo-param`s (non-ASCII) or do not fit a reply line are left out.
fn capability(line: &str, caps: &mut Capabilities) {
    let Some((keyword, params)) = ehlo_words(line) else {
        return;
    };
    let keyword = keyword.to_ascii_uppercase();
    let number = |p: &[&str]| {
        p.first()
            .and_then(|n| n.parse::<u64>().ok())
            .filter(|n| *n > 0)
    };
    match keyword.as_str() {
        "SIZE" => caps.size = Some(number(&params)),
        "PIPELINING" => caps.pipelining = true,
        "8BITMIME" => caps.eight_bit_mime = true,
        "BINARYMIME" => caps.binary_mime = true,
        "CHUNKING" => caps.chunking = true,
        "SMTPUTF8" => caps.smtputf8 = true,
        "DSN" => caps.dsn = true,
        "ENHANCEDSTATUSCODES" => caps.enhanced_status_codes = true,
        "STARTTLS" => caps.starttls = true,
        "REQUIRETLS" => caps.requiretls = true,
        "AUTH" => {
            for name in params {
                if let Ok(m) = Mechanism::parse(name) {
                    if !caps.auth.contains(&m) {
                        caps.auth.push(m);
                    }
                }
            }
        }
        "DELIVERBY" => caps.deliver_by = Some(number(&params)),
        "MT-PRIORITY" => {
            let policy = params.first().and_then(|p| MtPriorityPolicy::new(p).ok());
            caps.mt_priority = Some(policy);
        }
        "FUTURERELEASE" => {
            let interval = params
                .first()
                .and_then(|n| n.parse::<u32>().ok())
                .and_then(HoldFor::new);
            let limits = match (interval, params.get(1)) {
                (Some(interval), Some(date)) => FutureRelease::new(interval, date).ok(),
                _ => None,
            };
            caps.future_release = Some(limits);
        }
        _ => {
            let Ok(keyword) = EhloKeyword::new(&keyword) else {
                return;
            };
            let mut len = keyword.as_str().len();
            let mut kept = Vec::new();
            for p in params {
                if let Ok(p) = EhloParam::new(p) {
                    if len + 1 + p.as_str().len() <= MAX_EHLO_LINE {
                        len += 1 + p.as_str().len();
                        kept.push(p);
                    }
                }
            }
            if let Ok(x) = Extension::new(keyword, kept) {
                caps.other.push(x);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn words_split_at_runs_of_spaces_and_equals_signs() {
        for (line, expected) in [
            ("", None),
            (" ", None),
            ("=", None),
            ("PIPELINING", Some(("PIPELINING", vec![]))),
            ("SIZE 35882577", Some(("SIZE", vec!["35882577"]))),
            ("AUTH=LOGIN PLAIN", Some(("AUTH", vec!["LOGIN", "PLAIN"]))),
            ("AUTH LOGIN  PLAIN ", Some(("AUTH", vec!["LOGIN", "PLAIN"]))),
            (" 8BITMIME", Some(("8BITMIME", vec![]))),
            (
                "X-EXPS=GSSAPI NTLM=",
                Some(("X-EXPS", vec!["GSSAPI", "NTLM"])),
            ),
            ("XFOO \t tab", Some(("XFOO", vec!["\t", "tab"]))),
            ("X-UTF8 caf\u{e9}", Some(("X-UTF8", vec!["caf\u{e9}"]))),
            ("==SIZE==10==", Some(("SIZE", vec!["10"]))),
        ] {
            assert_eq!(ehlo_words(line), expected, "{line:?}");
        }
    }

    fn caps(lines: &[&str]) -> Capabilities {
        let mut c = Capabilities::default();
        for l in lines {
            capability(l, &mut c);
        }
        c
    }

    #[test]
    fn typed_values_from_what_servers_send() {
        let c = caps(&[
            "MT-PRIORITY MIXER",
            "FUTURERELEASE 604800 2026-12-14T00:00:00Z",
            "x-exps GSSAPI NTLM",
        ]);
        assert_eq!(
            c.mt_priority,
            Some(Some(MtPriorityPolicy::new("MIXER").unwrap()))
        );
        let f = c.future_release.unwrap().unwrap();
        assert_eq!(
            (f.max_interval().get(), f.max_date_time()),
            (604800, "2026-12-14T00:00:00Z")
        );
        assert_eq!(
            c.other,
            vec![Extension::from_words("X-EXPS", &["GSSAPI", "NTLM"]).unwrap()]
        );
    }

    #[test]
    fn lenient_where_servers_deviate() {
        let c = caps(&[
            "MT-PRIORITY",
            "FUTURERELEASE 604800 next-week",
            "X_BAD keyword",
            "X-UTF8 caf\u{e9} ok",
        ]);
        assert_eq!(c.mt_priority, Some(None));
        assert_eq!(c.future_release, Some(None));
        assert!(c.has("FUTURERELEASE") && c.has("MT-PRIORITY"));
        assert!(!c.has("X_BAD"));
        assert_eq!(
            c.other,
            vec![Extension::from_words("X-UTF8", &["ok"]).unwrap()]
        );
        let long = format!("X-LONG {}", "p ".repeat(400));
        let c = caps(&[&long]);
        assert_eq!(c.other[0].to_string().len(), MAX_EHLO_LINE);
    }
}
