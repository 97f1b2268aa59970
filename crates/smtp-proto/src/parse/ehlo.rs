//! The EHLO reply as capabilities (RFC 5321 §4.1.1.1:
//! `ehlo-ok-rsp = "250" SP Domain [ SP ehlo-greet ] CRLF / ( "250-" Domain
//! [ SP ehlo-greet ] CRLF *( "250-" ehlo-line CRLF ) "250" SP ehlo-line CRLF )`).

use mail_proto_core::Decoded;
use mail_proto_core::sasl::Mechanism;

use super::{ReplyOptions, parse_reply_with};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::types::{Capabilities, EhloResponse, Reply};

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

/// `ehlo-line = ehlo-keyword *( SP / "=" ehlo-param )`.
fn capability(line: &str, caps: &mut Capabilities) {
    let mut words = line.split([' ', '=']).filter(|w| !w.is_empty());
    let Some(keyword) = words.next() else {
        return;
    };
    let keyword = keyword.to_ascii_uppercase();
    let params: Vec<&str> = words.collect();
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
        "MT-PRIORITY" => caps.mt_priority = Some(params.first().map(|p| p.to_string())),
        "FUTURERELEASE" => caps.future_release = Some(params.join(" ")),
        _ => caps
            .other
            .push((keyword, params.iter().map(|p| p.to_string()).collect())),
    }
}
