//! AUTH (RFC 4954): the command, its initial response, and the 334 exchange, with the
//! lines computed by [`SaslClient`].

use mail_proto_core::sasl::{Credentials, SaslClient};

use super::{Client, Event, Expect, commands};
use crate::error::ConnectionError;
use crate::types::Reply;

/// RFC 4954 §4: a command line, the initial response included, stays within 512
/// octets; a longer initial response is sent after an empty 334 instead.
const MAX_AUTH_LINE: usize = 512;

impl Client {
    /// Starts AUTH with these credentials (their secrets are `Secret`s, never shown by
    /// `Debug`). The initial response is sent with the command when the mechanism
    /// allows and the line stays within 512 octets.
    pub fn authenticate(&mut self, credentials: Credentials) -> Result<(), ConnectionError> {
        let mut sasl = SaslClient::new(credentials);
        let mechanism = sasl.mechanism();
        if !self.ready_check()?.capabilities.auth.contains(&mechanism) {
            return Err(ConnectionError::InvalidUse("the mechanism is not offered"));
        }
        let mut initial_response = sasl.initial_response_line();
        let line_len = |ir: &String| "AUTH ".len() + mechanism.as_str().len() + 1 + ir.len() + 2;
        if initial_response
            .as_ref()
            .is_some_and(|ir| line_len(ir) > MAX_AUTH_LINE)
        {
            // too long for the command line: start over and send it after a 334
            sasl = SaslClient::new(sasl.into_credentials());
            initial_response = None;
        }
        self.sasl = Some(sasl);
        self.command(&commands::auth(mechanism, initial_response), Expect::Auth)
    }

    /// A reply to AUTH or to a response line: a 334 challenge gets the next line (or
    /// `*`, cancelling, when the challenge cannot be answered); anything else ends
    /// the exchange.
    pub(super) fn on_auth(&mut self, reply: Reply<'static>) -> Result<(), ConnectionError> {
        if reply.code().get() == 334 {
            let challenge = reply.lines().first().map_or("", |l| l.trim());
            let line = match self
                .sasl
                .as_mut()
                .map(|s| s.respond_line(challenge.as_bytes()))
            {
                Some(Ok(line)) => line,
                _ => "*".to_string(),
            };
            let out = self.core.out();
            out.extend_from_slice(line.as_bytes());
            out.extend_from_slice(b"\r\n");
            self.expect(Expect::Auth);
            return Ok(());
        }
        self.sasl = None;
        if reply.code().is_positive() {
            self.core.push_event(Event::Authenticated(reply));
        } else {
            self.core.push_event(Event::AuthFailed(reply));
        }
        Ok(())
    }
}
