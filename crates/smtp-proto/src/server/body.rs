//! DATA and BDAT bodies: streamed out as `Bytes` chunks, checked against the limits.

use bytes::Bytes;
use mail_proto_core::dot::{Piece, Unstuffed};

use crate::types::Reply;

use super::{Event, Mode, Pending, Server, reply};

impl Server {
    pub(super) fn step_data(&mut self) -> bool {
        let buf = self.input.split().freeze();
        let unstuffer = &mut self.unstuffer;
        let Mode::Data { size, too_big } = &mut self.mode else {
            return false;
        };
        let limit = self.config.max_message_size;
        let mut chunks = Vec::new();
        let status = unstuffer.decode(&buf, |piece| {
            let chunk = match piece {
                Piece::Input(range) => buf.slice(range),
                Piece::Extra(bytes) => Bytes::from_static(bytes),
            };
            *size += chunk.len() as u64;
            if limit.is_some_and(|max| *size > max) {
                *too_big = true;
            }
            if !*too_big {
                chunks.push(chunk);
            }
        });
        let (size, too_big) = (*size, *too_big);
        self.events.extend(chunks.into_iter().map(Event::BodyChunk));
        if let Unstuffed::End {
            consumed,
            bare_line_ending,
        } = status
        {
            self.input.extend_from_slice(&buf[consumed..]);
            self.mode = Mode::Command;
            if too_big {
                self.reject_message(reply(552, (5, 3, 4), "Message size exceeds fixed limit"));
            } else if self.unstuffer.long_line().is_some() {
                self.reject_message(reply(500, (5, 5, 6), "Line too long"));
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
        let take = (*remaining).min(self.input.len() as u64) as usize;
        let chunk = self.input.split_to(take).freeze();
        *remaining -= take as u64;
        let done = *remaining == 0;
        let (last, refused) = (*last, refused.clone());
        if refused.is_none() && !chunk.is_empty() {
            let total = self.session.bdat_size.unwrap_or(0) + chunk.len() as u64;
            self.session.bdat_size = Some(total);
            if self.config.max_message_size.is_none_or(|max| total <= max) {
                self.events.push_back(Event::BodyChunk(chunk));
            }
        }
        if done {
            self.mode = Mode::Command;
            let size = self.session.bdat_size.unwrap_or(0);
            if let Some(r) = refused {
                self.refuse(r, None);
            } else if self.config.max_message_size.is_some_and(|max| size > max) {
                self.reject_message(reply(552, (5, 3, 4), "Message size exceeds fixed limit"));
            } else if last {
                self.message_end(size);
            } else {
                self.send(Reply::or_local_error(
                    250,
                    Some((2, 0, 0)),
                    format!("{size} octets received"),
                ));
            }
        }
        true
    }

    pub(super) fn message_end(&mut self, size: u64) {
        let replies = if self.config.lmtp {
            self.session.recipients.max(1)
        } else {
            1
        };
        self.ask(
            Pending::MessageEnd(replies),
            Event::MessageEnd { size, replies },
        );
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
        self.reset_transaction();
        self.events.push_back(Event::MessageRejected { reply: r });
    }
}
