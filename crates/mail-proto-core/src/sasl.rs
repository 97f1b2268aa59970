//! SASL (RFC 4422) mechanisms and their exchanges, client and server side.
//!
//! The protocols carry SASL the same way: the client names a mechanism, may send an
//! initial response, and then server challenges and client responses travel as base64
//! lines until the server says yes or no. A client cancels with a line holding `*`.
//! This module does the mechanism part, independent of the protocol:
//!
//! - [`Mechanism`]: the registered names, `Other` for the rest.
//! - [`decode_line`] / [`encode_line`]: base64 framing of one challenge or response.
//! - [`SaslClient`]: computes the client's responses for PLAIN (RFC 4616), LOGIN,
//!   CRAM-MD5 (RFC 2195), XOAUTH2, OAUTHBEARER (RFC 7628), EXTERNAL and ANONYMOUS.
//! - [`SaslServer`]: drives the server side of the same mechanisms and hands the
//!   application the [`Credentials`] to check.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use std::borrow::Cow;
use std::fmt;

use crate::Secret;

/// Errors from SASL framing and exchanges.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SaslError {
    /// A line was not valid base64 (RFC 4648 §4); `offset` is the first bad byte.
    #[error("invalid base64 at byte {offset}")]
    Base64 {
        /// Offset of the first byte that is not valid base64.
        offset: usize,
    },
    /// A mechanism name is not `1*20` of `A-Z 0-9 - _` (RFC 4422 §3.1).
    #[error("invalid mechanism name {0:?}")]
    InvalidMechanismName(String),
    /// The decoded message does not have the mechanism's format.
    #[error("malformed {mechanism} message: {reason}")]
    Malformed {
        /// The mechanism whose message was malformed.
        mechanism: &'static str,
        /// What was wrong.
        reason: &'static str,
    },
    /// The mechanism cannot be driven by this module (e.g. SCRAM, GSSAPI).
    #[error("mechanism {0} is not supported here")]
    Unsupported(String),
    /// A step came after the exchange had finished.
    #[error("the exchange has already finished")]
    Finished,
    /// CRAM-MD5 needs a fresh challenge from the application (the codec has no
    /// clock or randomness to make one).
    #[error("CRAM-MD5 needs a challenge")]
    MissingChallenge,
    /// The client sent an initial response with a mechanism where the server speaks
    /// first (CRAM-MD5, RFC 2195).
    #[error("{0} takes no initial response")]
    UnexpectedInitialResponse(&'static str),
    /// The client cancelled the exchange with `*` (RFC 4422 §3.5).
    #[error("the client cancelled the exchange")]
    Cancelled,
}

/// A SASL mechanism name (RFC 4422 §3.1), compared case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mechanism {
    /// `PLAIN`, RFC 4616.
    Plain,
    /// `LOGIN`, the draft mechanism every mail server still offers.
    Login,
    /// `CRAM-MD5`, RFC 2195.
    CramMd5,
    /// `XOAUTH2`, Google's and Microsoft's OAuth 2.0 bearer mechanism.
    XOAuth2,
    /// `OAUTHBEARER`, RFC 7628.
    OAuthBearer,
    /// `EXTERNAL`, RFC 4422 Appendix A.
    External,
    /// `ANONYMOUS`, RFC 4505.
    Anonymous,
    /// `SCRAM-SHA-1`, RFC 5802.
    ScramSha1,
    /// `SCRAM-SHA-1-PLUS`, RFC 5802.
    ScramSha1Plus,
    /// `SCRAM-SHA-256`, RFC 7677.
    ScramSha256,
    /// `SCRAM-SHA-256-PLUS`, RFC 7677.
    ScramSha256Plus,
    /// Any other valid name, kept in upper case; made only by
    /// [`Mechanism::parse`], so it always is a valid SASL name.
    Other(MechanismName),
}

/// The name of a [`Mechanism::Other`]: `1*20` of upper-case letters, digits, `-` and
/// `_` (RFC 4422 §3.1), checked when it is made by [`Mechanism::parse`], so
/// writing it can never break a command or reply line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MechanismName(String);

impl MechanismName {
    /// The name, in upper case.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Mechanism {
    /// Parses a mechanism name: `1*20` of upper-case letters, digits, `-` and `_`
    /// (lower case is accepted and folded, as servers vary).
    pub fn parse(name: &str) -> Result<Mechanism, SaslError> {
        let ok = !name.is_empty()
            && name.len() <= 20
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            return Err(SaslError::InvalidMechanismName(name.to_string()));
        }
        let known = [
            ("PLAIN", Mechanism::Plain),
            ("LOGIN", Mechanism::Login),
            ("CRAM-MD5", Mechanism::CramMd5),
            ("XOAUTH2", Mechanism::XOAuth2),
            ("OAUTHBEARER", Mechanism::OAuthBearer),
            ("EXTERNAL", Mechanism::External),
            ("ANONYMOUS", Mechanism::Anonymous),
            ("SCRAM-SHA-1", Mechanism::ScramSha1),
            ("SCRAM-SHA-1-PLUS", Mechanism::ScramSha1Plus),
            ("SCRAM-SHA-256", Mechanism::ScramSha256),
            ("SCRAM-SHA-256-PLUS", Mechanism::ScramSha256Plus),
        ];
        for (n, m) in known {
            if n.eq_ignore_ascii_case(name) {
                return Ok(m);
            }
        }
        Ok(Mechanism::Other(MechanismName(name.to_ascii_uppercase())))
    }

    /// The canonical (upper-case) name.
    pub fn as_str(&self) -> &str {
        match self {
            Mechanism::Plain => "PLAIN",
            Mechanism::Login => "LOGIN",
            Mechanism::CramMd5 => "CRAM-MD5",
            Mechanism::XOAuth2 => "XOAUTH2",
            Mechanism::OAuthBearer => "OAUTHBEARER",
            Mechanism::External => "EXTERNAL",
            Mechanism::Anonymous => "ANONYMOUS",
            Mechanism::ScramSha1 => "SCRAM-SHA-1",
            Mechanism::ScramSha1Plus => "SCRAM-SHA-1-PLUS",
            Mechanism::ScramSha256 => "SCRAM-SHA-256",
            Mechanism::ScramSha256Plus => "SCRAM-SHA-256-PLUS",
            Mechanism::Other(name) => name.as_str(),
        }
    }

    /// True for mechanisms that send the first message from the client, so an
    /// initial response (RFC 4954 §4, RFC 4959) saves a round trip.
    pub fn client_first(&self) -> bool {
        matches!(
            self,
            Mechanism::Plain
                | Mechanism::XOAuth2
                | Mechanism::OAuthBearer
                | Mechanism::External
                | Mechanism::Anonymous
                | Mechanism::ScramSha1
                | Mechanism::ScramSha1Plus
                | Mechanism::ScramSha256
                | Mechanism::ScramSha256Plus
        )
    }
}

impl fmt::Display for Mechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One client line of an exchange after base64 decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// The decoded bytes.
    Data(Vec<u8>),
    /// The client sent `*`: the exchange is cancelled (RFC 4422 §3.5).
    Cancel,
}

/// Decodes one base64 line (without its `CRLF`). `*` is [`Response::Cancel`]; `=` and an
/// empty line are empty data (RFC 4954 §4 uses `=` for an empty initial response).
pub fn decode_line(line: &[u8]) -> Result<Response, SaslError> {
    match line {
        b"*" => Ok(Response::Cancel),
        b"" | b"=" => Ok(Response::Data(Vec::new())),
        _ => decode_base64(line).map(Response::Data),
    }
}

/// True for a well-formed initial response as SMTP AUTH (RFC 4954 §4) and IMAP
/// SASL-IR (RFC 4959) carry it: base64 characters, or `=` for an empty response.
pub fn is_initial_response(text: &str) -> bool {
    text == "="
        || (!text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')))
}

/// Decodes strict, padded base64 (RFC 4648 §4).
pub fn decode_base64(input: &[u8]) -> Result<Vec<u8>, SaslError> {
    STANDARD.decode(input).map_err(|e| {
        let offset = match e {
            base64::DecodeError::InvalidByte(at, _) => at,
            base64::DecodeError::InvalidLastSymbol(at, _) => at,
            _ => input.len(),
        };
        SaslError::Base64 { offset }
    })
}

/// Encodes bytes as one base64 line, without `CRLF`. Empty input gives an empty string.
pub fn encode_line(data: &[u8]) -> String {
    STANDARD.encode(data)
}

/// HMAC-MD5 (RFC 2104) as CRAM-MD5 uses it, as 32 lower-case hex digits.
pub fn hmac_md5_hex(key: &[u8], message: &[u8]) -> String {
    use hmac::Mac as _;
    // HMAC takes a key of any length (longer keys are hashed first, RFC 2104 §2)
    let Ok(mut mac) = HmacMd5::new_from_slice(key) else {
        return String::new();
    };
    mac.update(message);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

type HmacMd5 = hmac::Hmac<md5::Md5>;

/// Checks a hex HMAC-MD5 digest in constant time (the comparison does not stop at
/// the first differing byte, so timing tells an attacker nothing).
fn verify_hmac_md5_hex(key: &[u8], message: &[u8], hex: &str) -> bool {
    use hmac::Mac as _;
    let Some(digest) = decode_hex16(hex) else {
        return false;
    };
    let Ok(mut mac) = HmacMd5::new_from_slice(key) else {
        return false;
    };
    mac.update(message);
    mac.verify_slice(&digest).is_ok()
}

fn decode_hex16(hex: &str) -> Option<[u8; 16]> {
    let bytes = hex.as_bytes();
    if bytes.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        let hi = (pair[0] as char).to_digit(16)?;
        let lo = (pair[1] as char).to_digit(16)?;
        out[i] = (hi * 16 + lo) as u8;
    }
    Some(out)
}

/// What a client authenticates with; the mechanism follows from the variant.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// PLAIN: optional authorization identity, user name, password.
    Plain {
        /// Identity to act as, if not the user's own.
        authzid: Option<String>,
        /// User name.
        authcid: String,
        /// Password.
        password: Secret,
    },
    /// LOGIN: user name and password, each sent after a server prompt.
    Login {
        /// User name.
        user: String,
        /// Password.
        password: Secret,
    },
    /// CRAM-MD5 as the client knows it: user and password.
    CramMd5 {
        /// User name.
        user: String,
        /// Password, the HMAC key.
        password: Secret,
    },
    /// CRAM-MD5 as the server receives it: the user, the challenge it sent and the
    /// client's digest; check with [`Credentials::verify_cram_md5`].
    CramMd5Response {
        /// User name.
        user: String,
        /// The challenge the server sent.
        challenge: String,
        /// The client's HMAC-MD5 digest in hex.
        digest: Secret,
    },
    /// XOAUTH2: user and OAuth 2.0 access token.
    XOAuth2 {
        /// User (email address).
        user: String,
        /// Bearer token.
        token: Secret,
    },
    /// OAUTHBEARER (RFC 7628).
    OAuthBearer {
        /// Authorization identity from the GS2 header.
        authzid: Option<String>,
        /// `host` key, if sent.
        host: Option<String>,
        /// `port` key, if sent.
        port: Option<u16>,
        /// Bearer token.
        token: Secret,
    },
    /// EXTERNAL: the identity comes from outside (TLS client certificate).
    External {
        /// Requested authorization identity.
        authzid: Option<String>,
    },
    /// ANONYMOUS: optional trace information.
    Anonymous {
        /// Trace text (an email address or token).
        trace: Option<String>,
    },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // secrets stay out of logs
        write!(f, "Credentials::{}", self.mechanism())?;
        if let Some(user) = self.user() {
            write!(f, "({user:?}, ..)")?;
        }
        Ok(())
    }
}

impl Credentials {
    /// The mechanism these credentials are used with.
    pub fn mechanism(&self) -> Mechanism {
        match self {
            Credentials::Plain { .. } => Mechanism::Plain,
            Credentials::Login { .. } => Mechanism::Login,
            Credentials::CramMd5 { .. } | Credentials::CramMd5Response { .. } => Mechanism::CramMd5,
            Credentials::XOAuth2 { .. } => Mechanism::XOAuth2,
            Credentials::OAuthBearer { .. } => Mechanism::OAuthBearer,
            Credentials::External { .. } => Mechanism::External,
            Credentials::Anonymous { .. } => Mechanism::Anonymous,
        }
    }

    /// The user name, where the mechanism carries one.
    pub fn user(&self) -> Option<&str> {
        match self {
            Credentials::Plain { authcid, .. } => Some(authcid),
            Credentials::Login { user, .. }
            | Credentials::CramMd5 { user, .. }
            | Credentials::CramMd5Response { user, .. }
            | Credentials::XOAuth2 { user, .. } => Some(user),
            Credentials::OAuthBearer { authzid, .. } | Credentials::External { authzid } => {
                authzid.as_deref()
            }
            Credentials::Anonymous { .. } => None,
        }
    }

    /// For [`Credentials::CramMd5Response`]: true if `password` produces the digest.
    /// The digests are compared in constant time.
    pub fn verify_cram_md5(&self, password: &str) -> bool {
        match self {
            Credentials::CramMd5Response {
                challenge, digest, ..
            } => verify_hmac_md5_hex(password.as_bytes(), challenge.as_bytes(), digest.expose()),
            _ => false,
        }
    }

    /// The secret these credentials carry (password, token or digest), if any.
    pub fn secret(&self) -> Option<&Secret> {
        match self {
            Credentials::Plain { password, .. }
            | Credentials::Login { password, .. }
            | Credentials::CramMd5 { password, .. } => Some(password),
            Credentials::CramMd5Response { digest, .. } => Some(digest),
            Credentials::XOAuth2 { token, .. } | Credentials::OAuthBearer { token, .. } => {
                Some(token)
            }
            Credentials::External { .. } | Credentials::Anonymous { .. } => None,
        }
    }
}

fn utf8(bytes: Vec<u8>, mechanism: &'static str) -> Result<String, SaslError> {
    String::from_utf8(bytes).map_err(|_| SaslError::Malformed {
        mechanism,
        reason: "not UTF-8",
    })
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

mod client;
mod server;

pub use client::SaslClient;
pub use server::{CramMd5Challenge, SaslServer, ServerExchange, ServerLine, ServerStep};

/// Encodes `value` for a GS2 header `a=` field (RFC 5801 §4: `,` as `=2C`, `=` as `=3D`).
fn gs2_escape(value: &str) -> Cow<'_, str> {
    if value.contains([',', '=']) {
        Cow::Owned(value.replace('=', "=3D").replace(',', "=2C"))
    } else {
        Cow::Borrowed(value)
    }
}

fn gs2_unescape(value: &str) -> Cow<'_, str> {
    if value.contains('=') {
        Cow::Owned(value.replace("=2C", ",").replace("=3D", "="))
    } else {
        Cow::Borrowed(value)
    }
}
