//! Logins: USER/PASS and APOP (RFC 1939 §7), and AUTH (RFC 5034) with the lines
//! computed by [`SaslClient`]. Secrets stay in [`Secret`]s, never shown by `Debug`.

use mail_proto_core::Secret;
use mail_proto_core::sasl::{Credentials, SaslClient};

use super::pending::Expect;
use super::{Client, Request};
use crate::error::ConnectionError;
use crate::types::{
    ApopDigest, Atom, AuthMechanism, Challenge, Command, InitialResponse, Password,
};

/// RFC 5034 §4: an AUTH command line, initial response included, stays within 255
/// octets; a longer initial response is sent after an empty challenge instead.
const MAX_AUTH_LINE: usize = 255;

fn user_name(user: &str) -> Result<Atom<'static>, ConnectionError> {
    Atom::new(user.to_string()).map_err(|_| {
        ConnectionError::InvalidUse(
            "a user name must be 1 to 40 octets, without spaces or controls",
        )
    })
}

impl Client {
    /// Logs in with USER and PASS (RFC 1939 §7). Both go out together under
    /// PIPELINING; else PASS follows USER's `+OK`, and is not sent after a `-ERR`.
    /// [`Event::LoggedIn`](super::Event::LoggedIn) or `Refused` answers.
    pub fn login(&mut self, user: &str, password: Secret) -> Result<(), ConnectionError> {
        self.authorization_check()?;
        let name = user_name(user)?;
        let password = Password::new(password.into_inner()).map_err(|_| {
            ConnectionError::InvalidUse("a password must be 1 to 40 octets, without CR, LF or NUL")
        })?;
        self.enqueue(Request::User, &Command::User(name));
        self.enqueue(Request::Pass, &Command::Pass(password));
        Ok(())
    }

    /// Logs in with APOP (RFC 1939 §7): the MD5 digest of the greeting's timestamp
    /// and the shared `secret`, which never goes on the wire.
    pub fn apop(&mut self, user: &str, secret: &Secret) -> Result<(), ConnectionError> {
        self.authorization_check()?;
        let Some(timestamp) = self.greeting.as_ref().and_then(|g| g.timestamp.as_ref()) else {
            return Err(ConnectionError::InvalidUse(
                "the greeting has no APOP timestamp",
            ));
        };
        let digest = ApopDigest::compute(timestamp, secret.expose());
        let name = user_name(user)?;
        self.enqueue(Request::Apop, &Command::Apop { name, digest });
        Ok(())
    }

    /// Logs in with AUTH (RFC 5034) and these credentials (PLAIN, LOGIN, CRAM-MD5,
    /// XOAUTH2, OAUTHBEARER, EXTERNAL). The mechanism must be in the server's SASL
    /// capability when CAPA was answered. The initial response goes with the
    /// command when the mechanism allows and the line stays within 255 octets.
    pub fn authenticate(&mut self, credentials: Credentials) -> Result<(), ConnectionError> {
        self.authorization_check()?;
        let mut sasl = SaslClient::new(credentials);
        let mechanism = sasl.mechanism();
        if self.capa_known && !self.capabilities.sasl().contains(&&mechanism) {
            return Err(ConnectionError::InvalidUse("the mechanism is not offered"));
        }
        let name = AuthMechanism::new(mechanism);
        let mut initial = sasl.initial_response_line();
        let line_len = |ir: &String| "AUTH ".len() + name.as_str().len() + 1 + ir.len() + 2;
        if initial
            .as_ref()
            .is_some_and(|ir| line_len(ir) > MAX_AUTH_LINE)
        {
            // too long for the command line: start over and answer the empty "+ "
            sasl = SaslClient::new(sasl.into_credentials());
            initial = None;
        }
        // base64 or "=" by construction (SaslClient), so the check never drops one
        let initial_response = initial.and_then(|ir| InitialResponse::new(ir).ok());
        self.sasl = Some(sasl);
        self.enqueue(
            Request::Auth,
            &Command::Auth {
                mechanism: name,
                initial_response,
            },
        );
        Ok(())
    }

    /// A `+ challenge` during AUTH: the next response line, or `*` (cancelling,
    /// RFC 5034 §4) when the challenge cannot be answered. After a cancel the
    /// exchange is gone (`sasl` is `None`): the server "MUST reject the AUTH
    /// command", so anything but its `-ERR` is a protocol violation.
    pub(super) fn on_challenge(&mut self, challenge: Challenge<'_>, line: &[u8]) {
        let Some(sasl) = self.sasl.as_mut() else {
            return self.fail_protocol("a challenge after the client cancelled AUTH", line);
        };
        let text = challenge.0.as_str().trim();
        let line = match sasl.respond_line(text.as_bytes()) {
            Ok(line) => line,
            Err(_) => {
                self.sasl = None;
                "*".to_string()
            }
        };
        let _ = self.pending.pop(self.now, self.core.bytes_out());
        let out = self.core.out();
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(b"\r\n");
        self.expect(Expect::Command(Request::Auth));
    }
}
