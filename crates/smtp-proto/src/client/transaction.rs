//! One mail transaction: MAIL, the RCPTs (pipelined under PIPELINING, else one at a
//! time), DATA or BDAT, and the replies that end it; and the MAIL parameters the
//! client fills in from the message and the server's capabilities.

use bytes::{Bytes, BytesMut};
use mail_proto_core::dot::DotStuffer;

use super::body::BodySink;
use super::commands::{self, Inferred};
use super::{Client, Envelope, Event, Expect};
use crate::encode::encode_command;
use crate::error::ConnectionError;
use crate::types::{Body, Capabilities, Reply};

/// RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets, CRLF included.
const MAX_TEXT_LINE: usize = 1000;

/// The state of the transaction under way.
#[derive(Debug)]
pub(super) struct Transaction {
    /// One RCPT line per recipient: encoded (and so checked) once, in `send_mail`,
    /// and sent from here whether pipelined or in lockstep.
    rcpt_lines: Vec<Bytes>,
    /// RCPT replies received.
    rcpt_replies: usize,
    pub(super) bdat: bool,
    pub(super) pipelined: bool,
    /// [`Envelope::all_or_nothing`]: the body waits for every RCPT reply, and one
    /// refusal gives the transaction up.
    pub(super) all_or_nothing: bool,
    /// A RCPT was refused.
    refused: bool,
    mail_ok: bool,
    accepted: Vec<usize>,
    /// Failed; in a pipelined group the replies still to come report it.
    failed: bool,
    results_left: usize,
    /// The final dot or `BDAT LAST` is queued.
    pub(super) terminated: bool,
}

impl Transaction {
    /// True once every RCPT has its reply.
    pub(super) fn envelope_done(&self) -> bool {
        self.rcpt_replies == self.rcpt_lines.len()
    }

    /// True if the body (DATA, or BDAT's chunks) goes out before the RCPT replies:
    /// pipelined, unless every recipient must be accepted first.
    pub(super) fn body_pipelined(&self) -> bool {
        self.pipelined && !self.all_or_nothing
    }
}

/// What a body holds, for choosing `BODY=`.
#[derive(Debug, Clone, Copy, Default)]
struct Scan {
    eight_bit: bool,
    binary: bool,
}

/// One pass over a body: 8-bit bytes, and NUL bytes or lines over 1000 octets
/// (which only BINARYMIME may carry). Lines are measured as they will be sent: a bare
/// CR or LF ends a line and becomes CRLF, so `999 octets LF` is a 1001-octet line.
fn scan(body: &[u8]) -> Scan {
    let mut long_line = false;
    let (mut start, mut pos) = (0, 0);
    while let Some(i) = memchr::memchr2(b'\r', b'\n', &body[pos..]) {
        let at = pos + i;
        if at - start + 2 > MAX_TEXT_LINE {
            long_line = true;
            break;
        }
        pos = if body[at] == b'\r' && body.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
        start = pos;
    }
    long_line |= body.len() - start + 2 > MAX_TEXT_LINE;
    Scan {
        eight_bit: !body.is_ascii(),
        binary: long_line || memchr::memchr(0, body).is_some(),
    }
}

/// True if the header block (up to the first empty line) holds 8-bit bytes that are
/// UTF-8: an internationalized message (RFC 6532). 8-bit bytes that are not UTF-8
/// (legacy raw headers) are not.
fn utf8_headers(body: &[u8]) -> bool {
    let end = memchr::memmem::find(body, b"\r\n\r\n")
        .or_else(|| memchr::memmem::find(body, b"\n\n"))
        .unwrap_or(body.len());
    let head = &body[..end];
    !head.is_ascii() && std::str::from_utf8(head).is_ok()
}

/// The parameters to fill in, or why the message cannot be sent to this server.
fn infer(
    caps: &Capabilities,
    envelope: &Envelope,
    body: Option<&[u8]>,
) -> Result<Inferred, ConnectionError> {
    let mut inferred = Inferred::default();
    let ascii = commands::reverse_path_is_ascii(&envelope.from)
        && envelope
            .recipients
            .iter()
            .all(|(to, _)| commands::forward_path_is_ascii(to));
    if !ascii {
        if !caps.smtputf8 {
            return Err(ConnectionError::InvalidUse(
                "a non-ASCII address needs SMTPUTF8, which the server does not offer",
            ));
        }
        inferred.smtputf8 = true;
    }
    let declared = commands::declared_body(&envelope.params);
    if let Some(body) = body {
        if caps.size.is_some() {
            inferred.size = Some(body.len() as u64);
        }
        // RFC 6532 headers (UTF-8 in the header block) ask for SMTPUTF8 where the
        // server offers it (RFC 6531 §3.4); where it does not, the message goes as
        // 8BITMIME, as most clients send it
        if caps.smtputf8 && utf8_headers(body) {
            inferred.smtputf8 = true;
        }
        if declared.is_none() {
            let s = scan(body);
            if s.binary && caps.binary_mime && caps.chunking {
                inferred.body = Some(Body::BinaryMime);
            } else if s.eight_bit {
                inferred.body = Some(Body::EightBitMime);
            }
        }
    }
    let size = commands::declared_size(&envelope.params).or(inferred.size);
    if let (Some(Some(max)), Some(size)) = (caps.size, size) {
        if size > max {
            // RFC 1870 §6: a message over the announced limit is not sent
            return Err(ConnectionError::InvalidUse(
                "the message is larger than the server's SIZE limit",
            ));
        }
    }
    match declared.or(inferred.body) {
        Some(Body::EightBitMime) if !caps.eight_bit_mime => Err(ConnectionError::InvalidUse(
            "an 8-bit body needs 8BITMIME, which the server does not offer",
        )),
        Some(Body::BinaryMime) if !caps.chunking => {
            Err(ConnectionError::InvalidUse("BINARYMIME needs CHUNKING"))
        }
        _ => Ok(inferred),
    }
}

impl Client {
    /// Starts a message: MAIL, then the RCPTs and DATA (pipelined when the server
    /// offers PIPELINING). Feed the body with [`send_body`](Self::send_body) while
    /// [`wants_body`](Self::wants_body) says so, then call
    /// [`finish_body`](Self::finish_body).
    ///
    /// The client does not look inside streamed chunks, so declare the body's kind
    /// in `envelope.params.body`: `BODY=8BITMIME` for 8-bit text, `BODY=BINARYMIME`
    /// for binary data (sent with BDAT, unchanged). SMTPUTF8 is added when an
    /// address is not ASCII. Arguments with CR or LF, a message without recipients,
    /// and parameters the server cannot take are refused before anything is sent.
    pub fn send_mail(&mut self, envelope: Envelope) -> Result<(), ConnectionError> {
        self.start_transaction(envelope, None)
    }

    /// Sends a whole message: [`send_mail`](Self::send_mail), the body, and its end.
    /// With the body known, the client also fills in `SIZE=` (when offered) and
    /// `BODY=` (8BITMIME for 8-bit bytes; BINARYMIME for NUL bytes or lines over 1000
    /// octets, when BINARYMIME and CHUNKING are offered), and refuses, before
    /// anything is sent, an 8-bit body the server cannot take and a message over the
    /// server's announced SIZE limit. With BDAT the body goes as one
    /// `BDAT n LAST`.
    pub fn send_message(&mut self, envelope: Envelope, body: Bytes) -> Result<(), ConnectionError> {
        self.start_transaction(envelope, Some(&body))?;
        self.send_body(body)?;
        self.finish_body()
    }

    fn start_transaction(
        &mut self,
        mut envelope: Envelope,
        body: Option<&[u8]>,
    ) -> Result<(), ConnectionError> {
        let caps = &self.ready_check()?.capabilities;
        if envelope.recipients.is_empty() {
            return Err(ConnectionError::InvalidUse("a message needs a recipient"));
        }
        let inferred = infer(caps, &envelope, body)?;
        let (chunking, pipelined) = (caps.chunking, caps.pipelining);
        commands::apply(&mut envelope.params, inferred);
        let declared = commands::declared_body(&envelope.params);
        let binary = declared == Some(Body::BinaryMime);
        // a streamed body is not seen before MAIL: unless declared 8-bit, or offered
        // 8BITMIME, its chunks are held to 7 bits as they come (a whole body was
        // scanned by `infer`)
        let seven_bit_only = body.is_none()
            && !caps.eight_bit_mime
            && !matches!(declared, Some(Body::EightBitMime | Body::BinaryMime));
        let bdat = chunking && (binary || self.config.prefer_bdat);
        // encode (and so check) every command before anything is queued
        let mut line = BytesMut::new();
        encode_command(&commands::mail(envelope.from, envelope.params), &mut line);
        let mail_line = line.split().freeze();
        let mut rcpt_lines = Vec::with_capacity(envelope.recipients.len());
        for (to, params) in envelope.recipients {
            encode_command(&commands::rcpt(to, params), &mut line);
            rcpt_lines.push(line.split().freeze());
        }
        let encoder = match (bdat, binary || !self.config.normalize_line_endings) {
            (false, false) => Some(DotStuffer::normalizing()),
            // only CRLF starts a line, as the receiver's unstuffing has it: a dot
            // after a bare LF stays single (`x LF . y` is not corrupted)
            (false, true) => Some(DotStuffer::crlf_lines()),
            (true, false) => Some(DotStuffer::normalizer()),
            (true, true) => None,
        };
        let recipients = rcpt_lines.len();
        let all_or_nothing = envelope.all_or_nothing;
        self.transaction = Some(Transaction {
            rcpt_lines,
            rcpt_replies: 0,
            bdat,
            pipelined,
            all_or_nothing,
            refused: false,
            mail_ok: false,
            accepted: Vec::new(),
            failed: false,
            results_left: 0,
            terminated: false,
        });
        self.body = Some(BodySink::new(bdat, encoder, seven_bit_only));
        self.core.send_bytes(mail_line);
        self.expect(Expect::Mail);
        if pipelined {
            for i in 0..recipients {
                self.send_rcpt(i);
            }
            if !bdat && !all_or_nothing {
                self.command(&commands::DATA, Expect::Data)?;
            }
        }
        Ok(())
    }

    /// Queues the already encoded RCPT line `index`.
    fn send_rcpt(&mut self, index: usize) {
        let Some(line) = self
            .transaction
            .as_ref()
            .and_then(|t| t.rcpt_lines.get(index))
            .cloned()
        else {
            return;
        };
        self.core.send_bytes(line);
        self.expect(Expect::Rcpt(index));
    }

    pub(super) fn on_mail(&mut self, reply: Reply<'static>) {
        let ok = reply.code().is_positive();
        let Some(t) = &mut self.transaction else {
            return;
        };
        t.mail_ok = ok;
        if !ok {
            self.core.push_event(Event::MailRejected(reply));
            self.fail_transaction(None);
        } else if !t.pipelined {
            self.send_rcpt(0);
        }
    }

    pub(super) fn on_rcpt(
        &mut self,
        index: usize,
        reply: Reply<'static>,
    ) -> Result<(), ConnectionError> {
        let ok = reply.code().is_positive();
        self.core.push_event(Event::Recipient { index, reply });
        let Some(t) = &mut self.transaction else {
            return Ok(());
        };
        t.rcpt_replies += 1;
        if ok && t.mail_ok {
            t.accepted.push(index);
        }
        t.refused |= !ok;
        if t.body_pipelined() {
            if t.envelope_done() && t.accepted.is_empty() {
                self.fail_transaction(None);
            }
            return Ok(());
        }
        if !t.envelope_done() {
            if !t.pipelined {
                self.send_rcpt(index + 1);
            }
        } else if t.accepted.is_empty() || (t.all_or_nothing && t.refused) {
            // nothing was sent after the RCPTs: give the transaction up here
            self.transaction = None;
            self.discard_body();
            self.core.push_event(Event::TransactionFailed(None));
            self.send_rset();
        } else if !t.bdat {
            self.command(&commands::DATA, Expect::Data)?;
        }
        Ok(())
    }

    pub(super) fn on_data(&mut self, reply: Reply<'static>) -> Result<(), ConnectionError> {
        let Some(t) = &mut self.transaction else {
            return Ok(());
        };
        if reply.code().get() != 354 {
            self.fail_transaction(Some(reply));
            return Ok(());
        }
        if t.failed || t.accepted.is_empty() || !t.mail_ok {
            // RFC 2920 §3.1: every RCPT failed but DATA got 354: send an empty message
            // and expect it to be refused
            t.failed = true;
            t.terminated = true;
            DotStuffer::new().finish(self.core.out());
            self.expect(Expect::DataEnd);
            self.discard_body();
        } else if let Some(b) = &mut self.body {
            b.open();
        }
        Ok(())
    }

    /// The reply to a BDAT chunk that is not the last: after a refusal no further
    /// chunk is sent (RFC 3030 §2), and RSET ends the transaction.
    pub(super) fn on_bdat(&mut self, reply: Reply<'static>) {
        if reply.code().is_positive() || self.transaction.is_none() {
            return;
        }
        self.transaction = None;
        self.discard_body();
        self.core.push_event(Event::TransactionFailed(Some(reply)));
        self.send_rset();
    }

    pub(super) fn on_message_result(&mut self, expect: Expect, reply: Reply<'static>) {
        let Some(t) = &mut self.transaction else {
            return;
        };
        if t.failed || t.accepted.is_empty() {
            // an empty message after failed recipients, or a refused last chunk
            self.transaction = None;
            self.core.push_event(Event::TransactionFailed(Some(reply)));
            return;
        }
        if !self.config.lmtp {
            self.transaction = None;
            self.core.push_event(Event::MessageResult {
                recipient: None,
                reply,
            });
            return;
        }
        if t.results_left == 0 {
            t.results_left = t.accepted.len();
        }
        let Some(&recipient) = t.accepted.get(t.accepted.len() - t.results_left) else {
            return;
        };
        t.results_left -= 1;
        if t.results_left > 0 {
            // LMTP (RFC 2033 §4.2): one reply per accepted recipient
            self.pending.again(expect, self.now);
        } else {
            self.transaction = None;
        }
        self.core.push_event(Event::MessageResult {
            recipient: Some(recipient),
            reply,
        });
    }

    /// In a pipelined group the replies still to come report the failure, except
    /// that BDAT chunks not yet sent are not sent (RSET instead); in lockstep the
    /// transaction ends here.
    fn fail_transaction(&mut self, reply: Option<Reply<'static>>) {
        let Some(t) = &mut self.transaction else {
            return;
        };
        if t.body_pipelined() && reply.is_none() {
            t.failed = true;
            if t.bdat && !t.terminated {
                self.transaction = None;
                self.discard_body();
                self.core.push_event(Event::TransactionFailed(None));
                self.send_rset();
            } else if !t.bdat {
                // the DATA reply reports it; the body is not needed
                self.discard_body();
            }
            return;
        }
        self.transaction = None;
        self.discard_body();
        self.core.push_event(Event::TransactionFailed(reply));
    }
}
