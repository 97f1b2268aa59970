//! Responses, continuations, CAPA lists, listings and multi-line bodies.

use bytes::{BufMut, BytesMut};
use mail_proto_core::dot::DotStuffer;

use crate::types::{
    Capabilities, Capability, Challenge, Expire, Response, ScanListing, Stat, Status,
    UniqueIdListing,
};

/// Appends a status line: `status [SP [resp-code SP] text] CRLF` (RFC 2449 §3).
pub fn encode_response(response: &Response<'_>, out: &mut impl BufMut) {
    out.put_slice(match response.status() {
        Status::Ok => b"+OK",
        Status::Err => b"-ERR",
    });
    if let Some(code) = response.code() {
        out.put_slice(b" [");
        out.put_slice(code.as_str().as_bytes());
        out.put_u8(b']');
    }
    if !response.text().is_empty() {
        out.put_u8(b' ');
        out.put_slice(response.text().as_str().as_bytes());
    }
    out.put_slice(b"\r\n");
}

/// Appends a continuation: `"+" SP [base64] CRLF` (RFC 5034 §4).
pub fn encode_continuation(challenge: &Challenge<'_>, out: &mut impl BufMut) {
    out.put_slice(b"+ ");
    out.put_slice(challenge.0.as_str().as_bytes());
    out.put_slice(b"\r\n");
}

/// Appends a status line, then `body` dot-stuffed and the `"." CRLF` terminator
/// (RFC 1939 §3).
pub fn encode_multi_line(response: &Response<'_>, body: &[u8], out: &mut BytesMut) {
    encode_response(response, out);
    let mut stuffer = DotStuffer::new();
    stuffer.encode(body, out);
    stuffer.finish(out);
}

/// Appends one CAPA line with its `CRLF` (RFC 2449 §3 `capability`).
pub fn encode_capability(capability: &Capability<'_>, out: &mut impl BufMut) {
    let mut put = |s: &str| out.put_slice(s.as_bytes());
    let user = |flag: bool| if flag { " USER" } else { "" };
    match capability {
        Capability::Top => put("TOP"),
        Capability::User => put("USER"),
        Capability::Sasl(mechanisms) => {
            put("SASL");
            for m in mechanisms {
                put(" ");
                put(m.as_str());
            }
        }
        Capability::RespCodes => put("RESP-CODES"),
        Capability::LoginDelay { seconds, per_user } => {
            put(&format!("LOGIN-DELAY {seconds}{}", user(*per_user)));
        }
        Capability::Pipelining => put("PIPELINING"),
        Capability::Expire { policy, per_user } => {
            let policy = match policy {
                Expire::Never => "NEVER".to_string(),
                Expire::Days(d) => d.to_string(),
            };
            put(&format!("EXPIRE {policy}{}", user(*per_user)));
        }
        Capability::Uidl => put("UIDL"),
        Capability::Implementation(text) => {
            put("IMPLEMENTATION ");
            put(text.as_str());
        }
        Capability::Stls => put("STLS"),
        Capability::AuthRespCode => put("AUTH-RESP-CODE"),
        Capability::Utf8 { user: u } => {
            put("UTF8");
            put(user(*u));
        }
        Capability::Lang => put("LANG"),
        Capability::Other(other) => {
            put(other.name().as_str());
            for a in other.args() {
                put(" ");
                put(a.as_str());
            }
        }
    }
    out.put_slice(b"\r\n");
}

/// Appends the body of a CAPA response: every line, then `"." CRLF`. A capability
/// line never starts with `.` (`cchar` excludes it); an unknown tag that does is
/// dot-stuffed.
pub fn encode_capabilities(capabilities: &Capabilities<'_>, out: &mut impl BufMut) {
    for c in &capabilities.list {
        if let Capability::Other(other) = c {
            if other.name().as_str().starts_with('.') {
                out.put_u8(b'.');
            }
        }
        encode_capability(c, out);
    }
    out.put_slice(b".\r\n");
}

/// The text of a STAT response: `count SP size` (RFC 1939 §5).
pub fn encode_stat(stat: &Stat) -> String {
    format!("{} {}", stat.count, stat.size)
}

/// A scan listing without `CRLF`: `msg SP size` (RFC 1939 §5).
pub fn encode_scan_listing(listing: &ScanListing) -> String {
    format!("{} {}", listing.msg, listing.size)
}

/// A unique-id listing without `CRLF`: `msg SP unique-id` (RFC 1939 §7).
pub fn encode_unique_id_listing(listing: &UniqueIdListing<'_>) -> String {
    format!("{} {}", listing.msg, listing.uid.as_str())
}
