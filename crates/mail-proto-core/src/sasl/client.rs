//! The client side of a SASL exchange.

use super::{
    Credentials, Mechanism, Response, SaslError, decode_line, encode_line, gs2_escape, hmac_md5_hex,
};

/// Computes a client's SASL messages from its [`Credentials`].
///
/// Messages here are raw bytes; the protocol layer base64-encodes them
/// ([`encode_line`](super::encode_line)).
#[derive(Debug, Clone)]
pub struct SaslClient {
    credentials: Credentials,
    step: u8,
}

impl SaslClient {
    /// A client for the mechanism the credentials belong to.
    pub fn new(credentials: Credentials) -> Self {
        SaslClient {
            credentials,
            step: 0,
        }
    }

    /// The credentials back, e.g. to start over without an initial response.
    pub fn into_credentials(self) -> Credentials {
        self.credentials
    }

    /// The mechanism to name in the AUTH command.
    pub fn mechanism(&self) -> Mechanism {
        self.credentials.mechanism()
    }

    /// The initial response for client-first mechanisms, `None` for the others
    /// (LOGIN, CRAM-MD5), which wait for the server's first challenge.
    pub fn initial_response(&mut self) -> Option<Vec<u8>> {
        if !self.mechanism().client_first() || self.step != 0 {
            return None;
        }
        self.step = 1;
        Some(self.first_message())
    }

    fn first_message(&self) -> Vec<u8> {
        match &self.credentials {
            Credentials::Plain {
                authzid,
                authcid,
                password,
            } => {
                let mut m = Vec::new();
                m.extend_from_slice(authzid.as_deref().unwrap_or("").as_bytes());
                m.push(0);
                m.extend_from_slice(authcid.as_bytes());
                m.push(0);
                m.extend_from_slice(password.expose().as_bytes());
                m
            }
            Credentials::XOAuth2 { user, token } => {
                format!("user={user}\x01auth=Bearer {}\x01\x01", token.expose()).into_bytes()
            }
            Credentials::OAuthBearer {
                authzid,
                host,
                port,
                token,
            } => {
                let mut m = String::from("n,");
                if let Some(a) = authzid {
                    m.push_str("a=");
                    m.push_str(&gs2_escape(a));
                }
                m.push_str(",\x01");
                if let Some(h) = host {
                    m.push_str(&format!("host={h}\x01"));
                }
                if let Some(p) = port {
                    m.push_str(&format!("port={p}\x01"));
                }
                m.push_str(&format!("auth=Bearer {}\x01\x01", token.expose()));
                m.into_bytes()
            }
            Credentials::External { authzid } => {
                authzid.as_deref().unwrap_or("").as_bytes().to_vec()
            }
            Credentials::Anonymous { trace } => trace.as_deref().unwrap_or("").as_bytes().to_vec(),
            _ => Vec::new(),
        }
    }

    /// The response to a server challenge (already base64-decoded).
    pub fn respond(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        let step = self.step;
        self.step = self.step.saturating_add(1);
        match &self.credentials {
            Credentials::Login { user, password } => match step {
                0 => Ok(user.as_bytes().to_vec()),
                1 => Ok(password.expose().as_bytes().to_vec()),
                _ => Err(SaslError::Finished),
            },
            Credentials::CramMd5 { user, password } if step == 0 => {
                let digest = hmac_md5_hex(password.expose().as_bytes(), challenge);
                Ok(format!("{user} {digest}").into_bytes())
            }
            // XOAUTH2 sends an error as a challenge; the client answers with an empty
            // line and the server then fails the command.
            Credentials::XOAuth2 { .. } if step >= 1 => Ok(Vec::new()),
            // OAUTHBEARER's failure challenge is answered with a single %x01 (RFC 7628 §3.2.3).
            Credentials::OAuthBearer { .. } if step >= 1 => Ok(vec![0x01]),
            // a client-first mechanism asked with an empty challenge for its first message
            _ if step == 0 && self.mechanism().client_first() => Ok(self.first_message()),
            _ => Err(SaslError::Finished),
        }
    }

    /// The initial response as a protocol line (base64, `=` for an empty one), for
    /// client-first mechanisms.
    pub fn initial_response_line(&mut self) -> Option<String> {
        self.initial_response().map(|r| {
            if r.is_empty() {
                "=".to_string()
            } else {
                encode_line(&r)
            }
        })
    }

    /// The response line to a base64 challenge line as the protocol carries it
    /// (SMTP `334 text`, POP3 and IMAP `+ text`), without the protocol prefix.
    pub fn respond_line(&mut self, challenge: &[u8]) -> Result<String, SaslError> {
        let challenge = match decode_line(challenge)? {
            Response::Data(d) => d,
            Response::Cancel => return Err(SaslError::Cancelled),
        };
        self.respond(&challenge).map(|r| encode_line(&r))
    }
}
