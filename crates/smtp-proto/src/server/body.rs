//! DATA and BDAT bodies: streamed out as `Bytes` chunks of the input buffer (no copy),
//! checked against the limits.

use bytes::Bytes;
use mail_proto_core::dot::{Piece, Unstuffed};

use crate::types::Reply;

use super::{Decision, Event, Mode, Server, Transfer, reply};

fn too_big() -> Reply<'static> {
    reply(552, (5, 3, 4), "Message size exceeds fixed limit")
}

impl Server {
    pub(super) fn step_data(&mut self) -> bool {
        // a scratch list kept across calls: no allocation per read
        let mut pieces = std::mem::take(&mut self.pieces);
        pieces.clear();
        let status = self
            .unstuffer
            .decode(&self.core.input, |piece| pieces.push(piece));
        let consumed = match status {
            Unstuffed::End { consumed, .. } => consumed,
            Unstuffed::NeedMore => self.core.input.len(),
        };
        // the body's bytes leave the input buffer; what follows stays, uncopied
        let buf = self.core.input.split_to(consumed).freeze();
        let limit = self.config.max_message_size;
        let Mode::Data {
            size,
            too_big: over,
        } = &mut self.mode
        else {
            return false;
        };
        let mut passed_limit = false;
        for piece in pieces.drain(..) {
            let chunk = match piece {
                Piece::Input(range) => buf.slice(range),
                Piece::Extra(bytes) => Bytes::from_static(bytes),
            };
            *size += chunk.len() as u64;
            if !*over && limit.is_some_and(|max| *size > max) {
                *over = true;
                passed_limit = true;
            }
            if !*over {
                self.core.push_event(Event::BodyChunk(chunk));
            }
        }
        let (size, over) = (*size, *over);
        self.pieces = pieces;
        if passed_limit {
            self.core
                .push_event(Event::MessageTooBig { reply: too_big() });
        }
        if let Unstuffed::End {
            bare_line_ending, ..
        } = status
        {
            self.mode = Mode::Command;
            if over {
                self.reject_message(too_big());
            } else if self.unstuffer.long_line().is_some() {
                // RFC 5321 §4.3.2 allows 554 after the final dot; 5.6.0 is a media error
                self.reject_message(reply(554, (5, 6, 0), "Message line too long"));
            } else if bare_line_ending.is_some() {
                self.reject_message(reply(550, (5, 6, 0), "Message contains bare CR or LF"));
            } else {
                self.message_end(size);
            }
        }
        true
    }

    pub(super) fn step_bdat(&mut self) -> bool {
        let Mode::Bdat {
            remaining,
            last,
            refused,
        } = &mut self.mode
        else {
            return false;
        };
        let take = (*remaining).min(self.core.input.len() as u64) as usize;
        let chunk = self.core.input.split_to(take).freeze();
        *remaining -= take as u64;
        let done = *remaining == 0;
        let (last, refused) = (*last, refused.clone());
        if refused.is_none() && !chunk.is_empty() {
            let before = self.session.bdat_size.unwrap_or(0);
            let total = before.saturating_add(chunk.len() as u64);
            self.session.bdat_size = Some(total);
            match self.config.max_message_size {
                Some(max) if total > max => {
                    if before <= max {
                        self.core
                            .push_event(Event::MessageTooBig { reply: too_big() });
                    }
                }
                _ => self.core.push_event(Event::BodyChunk(chunk)),
            }
        }
        if done {
            self.mode = Mode::Command;
            let size = self.session.bdat_size.unwrap_or(0);
            if let Some(r) = refused {
                if std::mem::replace(&mut self.session.bdat_failed, true) {
                    // a chunk already in the pipeline behind a failed one: refused
                    // and discarded, not a protocol error of the client's
                    self.send(r.clone());
                    self.core.push_event(Event::Rejected {
                        reply: r,
                        error: None,
                    });
                } else {
                    self.refuse_command(r, None);
                }
            } else if self.config.max_message_size.is_some_and(|max| size > max) {
                self.session.bdat_failed = true;
                self.reject_message(too_big());
            } else if last {
                self.message_end(size);
            } else {
                self.send(Reply::fixed(
                    250,
                    Some((2, 0, 0)),
                    vec![format!("{size} octets received").into()],
                ));
            }
        }
        true
    }

    pub(super) fn bdat(&mut self, size: u64, last: bool) {
        let refused = if !self.config.capabilities.chunking {
            Some(reply(502, (5, 5, 1), "BDAT not available"))
        } else {
            self.transaction_error()
        };
        if refused.is_none() {
            self.session.bdat_size = Some(self.session.bdat_size.unwrap_or(0));
            if !self.session.message_open {
                self.session.message_open = true;
                self.core.push_event(Event::MessageStart {
                    transfer: Transfer::Bdat,
                });
            }
        }
        self.mode = Mode::Bdat {
            remaining: size,
            last,
            refused,
        };
        if size == 0 {
            // no chunk data to wait for
            self.step_bdat();
        }
    }

    pub(super) fn message_end(&mut self, size: u64) {
        let replies = if self.config.lmtp {
            self.session.recipients.max(1)
        } else {
            1
        };
        self.ask_decision(Decision::MessageEnd { size, replies });
    }

    pub(super) fn reject_message(&mut self, r: Reply<'static>) {
        let count = if self.config.lmtp {
            self.session.recipients.max(1)
        } else {
            1
        };
        for _ in 0..count {
            self.send(r.clone());
        }
        self.session.message_open = false;
        self.reset_transaction();
        self.core.push_event(Event::MessageRejected { reply: r });
    }
}
