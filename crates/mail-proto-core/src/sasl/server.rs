//! The server side of a SASL exchange.

use super::{
    Credentials, Mechanism, Response, SaslError, decode_line, encode_line, gs2_unescape, non_empty,
    utf8,
};
use crate::{InvalidValue, Secret};

/// What the server does next in an exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerStep {
    /// Send this challenge (raw bytes; the protocol base64-encodes it) and wait.
    Challenge(Vec<u8>),
    /// The client has said everything: check these credentials and answer.
    Done(Credentials),
}

#[derive(Debug, Clone)]
enum State {
    Start,
    LoginUser,
    LoginPassword(String),
    CramMd5(String),
    Finished,
}

/// A CRAM-MD5 challenge (RFC 2195 §2): a msg-id-like `<...@...>` such as
/// `<1896.697170952@postoffice.example.net>`, printable ASCII without spaces and
/// without `<` or `>` inside, at most [`CramMd5Challenge::MAX_LEN`] octets (room for
/// a 255-octet host name; its base64 form, at most 504 octets, then fits a 334 reply
/// line, and a POP3 or IMAP `+ ` line of at most 512 octets). SMTP, POP3 and IMAP
/// servers take the same type.
///
/// ```
/// use mail_proto_core::sasl::CramMd5Challenge;
/// assert!(CramMd5Challenge::new("<1896.697170952@postoffice.example.net>").is_ok());
/// assert!(CramMd5Challenge::new("1896.697170952@postoffice.example.net").is_err());
/// assert!(CramMd5Challenge::new("<no-at-sign>").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CramMd5Challenge(String);

impl CramMd5Challenge {
    /// The longest challenge.
    pub const MAX_LEN: usize = 378;

    /// A challenge; refused unless it has the shape `<local@domain>` described above.
    pub fn new(challenge: impl Into<String>) -> Result<CramMd5Challenge, InvalidValue> {
        let challenge = challenge.into();
        let inner = challenge
            .strip_prefix('<')
            .and_then(|c| c.strip_suffix('>'))
            .ok_or(InvalidValue::new(
                "CRAM-MD5 challenge",
                "not enclosed in '<' and '>'",
            ))?;
        let printable = inner
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>');
        if !printable {
            return Err(InvalidValue::new(
                "CRAM-MD5 challenge",
                "holds a space, a control character or '<' '>' inside",
            ));
        }
        let at = inner.rfind('@');
        if !at.is_some_and(|at| at > 0 && at + 1 < inner.len()) {
            return Err(InvalidValue::new(
                "CRAM-MD5 challenge",
                "not of the form <local@domain>",
            ));
        }
        if challenge.len() > Self::MAX_LEN {
            return Err(InvalidValue::new(
                "CRAM-MD5 challenge",
                "longer than 378 octets",
            ));
        }
        Ok(CramMd5Challenge(challenge))
    }

    /// The challenge, brackets included.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Drives the server side of PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER, EXTERNAL
/// and ANONYMOUS, turning client messages into [`Credentials`].
#[derive(Debug, Clone)]
pub struct SaslServer {
    mechanism: Mechanism,
    state: State,
    cram_challenge: Option<CramMd5Challenge>,
}

impl SaslServer {
    /// A server exchange for `mechanism`. CRAM-MD5 needs a fresh challenge from
    /// [`with_cram_md5_challenge`](Self::with_cram_md5_challenge) (the codec has no
    /// randomness or clock to make one); without one, [`start`](Self::start) fails
    /// with [`SaslError::MissingChallenge`].
    pub fn new(mechanism: Mechanism) -> Result<Self, SaslError> {
        match mechanism {
            Mechanism::Plain
            | Mechanism::Login
            | Mechanism::CramMd5
            | Mechanism::XOAuth2
            | Mechanism::OAuthBearer
            | Mechanism::External
            | Mechanism::Anonymous => Ok(SaslServer {
                mechanism,
                state: State::Start,
                cram_challenge: None,
            }),
            other => Err(SaslError::Unsupported(other.as_str().to_string())),
        }
    }

    /// Sets the CRAM-MD5 challenge, e.g. `<1896.697170952@postoffice.example.net>`.
    pub fn with_cram_md5_challenge(mut self, challenge: CramMd5Challenge) -> Self {
        self.cram_challenge = Some(challenge);
        self
    }

    /// The mechanism.
    pub fn mechanism(&self) -> &Mechanism {
        &self.mechanism
    }

    /// Starts the exchange with the client's initial response, if it sent one.
    pub fn start(&mut self, initial_response: Option<&[u8]>) -> Result<ServerStep, SaslError> {
        match (&self.mechanism, initial_response) {
            (Mechanism::Login, Some(user)) => {
                let user = utf8(user.to_vec(), "LOGIN")?;
                self.state = State::LoginPassword(user);
                Ok(ServerStep::Challenge(b"Password:".to_vec()))
            }
            (Mechanism::Login, None) => {
                self.state = State::LoginUser;
                Ok(ServerStep::Challenge(b"Username:".to_vec()))
            }
            (Mechanism::CramMd5, Some(_)) => Err(SaslError::UnexpectedInitialResponse("CRAM-MD5")),
            (Mechanism::CramMd5, None) => {
                let challenge = self
                    .cram_challenge
                    .as_ref()
                    .ok_or(SaslError::MissingChallenge)?
                    .as_str()
                    .to_string();
                self.state = State::CramMd5(challenge.clone());
                Ok(ServerStep::Challenge(challenge.into_bytes()))
            }
            (_, Some(message)) => self.client_first(message),
            (_, None) => Ok(ServerStep::Challenge(Vec::new())),
        }
    }

    /// Takes the client's next (decoded) response.
    pub fn step(&mut self, response: &[u8]) -> Result<ServerStep, SaslError> {
        match std::mem::replace(&mut self.state, State::Finished) {
            State::Start => self.client_first(response),
            State::LoginUser => {
                self.state = State::LoginPassword(utf8(response.to_vec(), "LOGIN")?);
                Ok(ServerStep::Challenge(b"Password:".to_vec()))
            }
            State::LoginPassword(user) => Ok(ServerStep::Done(Credentials::Login {
                user,
                password: Secret::new(utf8(response.to_vec(), "LOGIN")?),
            })),
            State::CramMd5(challenge) => {
                let text = utf8(response.to_vec(), "CRAM-MD5")?;
                let (user, digest) = text.rsplit_once(' ').ok_or(SaslError::Malformed {
                    mechanism: "CRAM-MD5",
                    reason: "expected user SP digest",
                })?;
                if digest.len() != 32 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(SaslError::Malformed {
                        mechanism: "CRAM-MD5",
                        reason: "digest is not 32 hex digits",
                    });
                }
                Ok(ServerStep::Done(Credentials::CramMd5Response {
                    user: user.to_string(),
                    challenge,
                    digest: Secret::new(digest),
                }))
            }
            State::Finished => Err(SaslError::Finished),
        }
    }

    fn client_first(&mut self, message: &[u8]) -> Result<ServerStep, SaslError> {
        self.state = State::Finished;
        let credentials = match self.mechanism {
            Mechanism::Plain => parse_plain(message)?,
            Mechanism::XOAuth2 => parse_xoauth2(message)?,
            Mechanism::OAuthBearer => parse_oauthbearer(message)?,
            Mechanism::External => Credentials::External {
                authzid: non_empty(&utf8(message.to_vec(), "EXTERNAL")?),
            },
            Mechanism::Anonymous => Credentials::Anonymous {
                trace: non_empty(&utf8(message.to_vec(), "ANONYMOUS")?),
            },
            _ => return Err(SaslError::Finished),
        };
        Ok(ServerStep::Done(credentials))
    }
}

/// `message = [authzid] UTF8NUL authcid UTF8NUL passwd` (RFC 4616 §2).
fn parse_plain(message: &[u8]) -> Result<Credentials, SaslError> {
    let bad = |reason| SaslError::Malformed {
        mechanism: "PLAIN",
        reason,
    };
    let mut parts = message.split(|b| *b == 0);
    let (Some(authzid), Some(authcid), Some(password), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("expected authzid NUL authcid NUL password"));
    };
    if authcid.is_empty() || password.is_empty() {
        return Err(bad("empty user name or password"));
    }
    Ok(Credentials::Plain {
        authzid: non_empty(&utf8(authzid.to_vec(), "PLAIN")?),
        authcid: utf8(authcid.to_vec(), "PLAIN")?,
        password: Secret::new(utf8(password.to_vec(), "PLAIN")?),
    })
}

/// `user=` user `^Aauth=Bearer ` token `^A^A`.
fn parse_xoauth2(message: &[u8]) -> Result<Credentials, SaslError> {
    let bad = |reason| SaslError::Malformed {
        mechanism: "XOAUTH2",
        reason,
    };
    let text = utf8(message.to_vec(), "XOAUTH2")?;
    let (mut user, mut token) = (None, None);
    for kv in text.split('\x01').filter(|s| !s.is_empty()) {
        if let Some(u) = kv.strip_prefix("user=") {
            user = Some(u.to_string());
        } else if let Some(a) = kv.strip_prefix("auth=") {
            let t = a
                .strip_prefix("Bearer ")
                .or_else(|| a.strip_prefix("bearer "))
                .ok_or(bad("auth is not a Bearer token"))?;
            token = Some(t.to_string());
        }
    }
    Ok(Credentials::XOAuth2 {
        user: user.ok_or(bad("no user"))?,
        token: Secret::new(token.ok_or(bad("no auth"))?),
    })
}

/// `gs2-header kvsep *(kvpair kvsep) kvsep` (RFC 7628 §3.1).
fn parse_oauthbearer(message: &[u8]) -> Result<Credentials, SaslError> {
    let bad = |reason| SaslError::Malformed {
        mechanism: "OAUTHBEARER",
        reason,
    };
    let text = utf8(message.to_vec(), "OAUTHBEARER")?;
    let (header, rest) = text.split_once('\x01').ok_or(bad("no kvsep"))?;
    let mut fields = header.splitn(3, ',');
    let cb = fields.next().unwrap_or("");
    if !(cb == "n" || cb == "y") {
        return Err(bad("channel binding flag must be n or y"));
    }
    let authzid = match fields.next() {
        Some("") | None => None,
        Some(a) => Some(gs2_unescape(a.strip_prefix("a=").ok_or(bad("bad authzid"))?).into_owned()),
    };
    let (mut host, mut port, mut token) = (None, None, None);
    for kv in rest.split('\x01').filter(|s| !s.is_empty()) {
        let (k, v) = kv.split_once('=').ok_or(bad("bad key=value"))?;
        match k {
            "host" => host = Some(v.to_string()),
            "port" => port = Some(v.parse().map_err(|_| bad("bad port"))?),
            "auth" => {
                let t = v
                    .strip_prefix("Bearer ")
                    .ok_or(bad("auth is not a Bearer token"))?;
                token = Some(t.to_string());
            }
            _ => {}
        }
    }
    Ok(Credentials::OAuthBearer {
        authzid,
        host,
        port,
        token: Secret::new(token.ok_or(bad("no auth"))?),
    })
}

/// What the server sends next in a line-level exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerLine {
    /// Send this base64 challenge line (SMTP `334 `, POP3 and IMAP `+ ` in front) and
    /// wait for the client's next line.
    Challenge(String),
    /// The exchange is complete: check these credentials and answer.
    Done(Credentials),
}

/// The server side of an exchange as every protocol carries it: base64 lines in,
/// base64 challenge lines out, `*` cancels (RFC 4422 §3.5, RFC 4954 §4, RFC 5034,
/// RFC 9051 §6.2.2). A protocol machine owns one of these per AUTH command, so the
/// application sees only the resulting [`Credentials`].
#[derive(Debug, Clone)]
pub struct ServerExchange {
    sasl: SaslServer,
}

impl ServerExchange {
    /// Starts an exchange for `mechanism` with the client's initial response line as
    /// sent (base64, or `=` for an empty response), if any. `cram_md5_challenge` is
    /// required for CRAM-MD5 and ignored otherwise.
    pub fn start(
        mechanism: Mechanism,
        initial_response: Option<&[u8]>,
        cram_md5_challenge: Option<&CramMd5Challenge>,
    ) -> Result<(Self, ServerLine), SaslError> {
        let mut sasl = SaslServer::new(mechanism)?;
        if let Some(c) = cram_md5_challenge {
            sasl = sasl.with_cram_md5_challenge(c.clone());
        }
        let initial = match initial_response.map(decode_line).transpose()? {
            Some(Response::Cancel) => return Err(SaslError::Cancelled),
            Some(Response::Data(d)) => Some(d),
            None => None,
        };
        let step = sasl.start(initial.as_deref())?;
        Ok((ServerExchange { sasl }, line(step)))
    }

    /// The mechanism of this exchange.
    pub fn mechanism(&self) -> &Mechanism {
        self.sasl.mechanism()
    }

    /// Takes the client's next line (without its `CRLF`).
    pub fn step(&mut self, client_line: &[u8]) -> Result<ServerLine, SaslError> {
        match decode_line(client_line)? {
            Response::Cancel => Err(SaslError::Cancelled),
            Response::Data(d) => self.sasl.step(&d).map(line),
        }
    }
}

fn line(step: ServerStep) -> ServerLine {
    match step {
        ServerStep::Challenge(c) => ServerLine::Challenge(encode_line(&c)),
        ServerStep::Done(credentials) => ServerLine::Done(credentials),
    }
}
