//! AUTH (RFC 4954) inside the machine: the SASL exchange runs here, and the
//! application gets one [`Decision::Authenticate`] with typed credentials.

use mail_proto_core::sasl::{Mechanism, SaslError, ServerExchange, ServerLine};

use crate::types::Reply;

use super::{Decision, Event, Mode, Server, reply};

impl Server {
    pub(super) fn auth(&mut self, mechanism: Mechanism, initial_response: Option<&str>) {
        let r = if self.session.hello.is_none() {
            Some(reply(503, (5, 5, 1), "Send EHLO first"))
        } else if self.session.authenticated {
            Some(reply(503, (5, 5, 1), "Already authenticated"))
        } else if self.session.mail.is_some() {
            Some(reply(
                503,
                (5, 5, 1),
                "AUTH not allowed during a transaction",
            ))
        } else if !self.session.tls && !self.config.allow_auth_without_tls {
            // RFC 4954 §6
            Some(reply(
                538,
                (5, 7, 11),
                "Encryption required for requested authentication mechanism",
            ))
        } else if !self.offered().auth.contains(&mechanism) {
            Some(reply(504, (5, 5, 4), "Unrecognized authentication type"))
        } else {
            None
        };
        if let Some(r) = r {
            return self.refuse_command(r, None);
        }
        match ServerExchange::start(
            mechanism,
            initial_response.map(str::as_bytes),
            self.config.cram_md5_challenge.as_ref(),
        ) {
            Ok((exchange, line)) => self.auth_next(exchange, line),
            Err(e) => self.auth_failed(e),
        }
    }

    /// A client line during the exchange.
    pub(super) fn auth_line(&mut self, line: &[u8]) {
        let Mode::Auth(mut exchange) = std::mem::replace(&mut self.mode, Mode::Command) else {
            return;
        };
        let text = line
            .strip_suffix(b"\r\n")
            .or_else(|| line.strip_suffix(b"\n"))
            .unwrap_or(line);
        match exchange.step(text) {
            Ok(next) => self.auth_next(*exchange, next),
            Err(e) => self.auth_failed(e),
        }
    }

    fn auth_next(&mut self, exchange: ServerExchange, line: ServerLine) {
        match line {
            ServerLine::Challenge(text) => {
                // a challenge line is base64 (letters, digits, '+', '/', '='): never a
                // control character, never text that reads as an enhanced code, and
                // the challenge behind it is bounded (CramMd5Challenge::MAX_LEN)
                self.send(Reply::fixed(334, None, vec![text.into()]));
                self.mode = Mode::Auth(Box::new(exchange));
            }
            ServerLine::Done(credentials) => {
                self.ask_decision(Decision::Authenticate { credentials });
            }
        }
    }

    /// Ends a failed exchange; every failure counts toward `max_errors`.
    fn auth_failed(&mut self, error: SaslError) {
        self.mode = Mode::Command;
        match error {
            SaslError::Cancelled => {
                self.send(reply(501, (5, 7, 0), "Authentication cancelled"));
                self.core.push_event(Event::AuthCancelled);
                self.count_error();
            }
            SaslError::Base64 { .. } => {
                self.refuse_command(reply(501, (5, 5, 2), "Invalid base64 data"), None)
            }
            SaslError::MissingChallenge | SaslError::Unsupported(_) => self.refuse_command(
                reply(504, (5, 5, 4), "Unrecognized authentication type"),
                None,
            ),
            _ => self.refuse_command(reply(501, (5, 5, 4), "Malformed authentication data"), None),
        }
    }
}
