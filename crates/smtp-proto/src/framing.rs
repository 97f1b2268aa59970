//! Message boundaries beyond one line: multi-line replies assembled incrementally.
//!
//! Line boundaries come from [`mail_proto_core::line::LineFramer`] and message bodies
//! from [`mail_proto_core::dot`]; this module keeps the SMTP-specific part, so the
//! total work to read a reply is linear however it is split into reads.

use std::borrow::Cow;

use crate::error::{DecodeError, DecodeErrorKind};
use crate::parse::ReplyOptions;
use crate::parse::reply::{assemble, reply_line};
use crate::types::{Reply, ReplyCode};

/// Collects the lines of one reply as they arrive.
#[derive(Debug, Clone, Default)]
pub struct ReplyAssembler {
    code: Option<ReplyCode>,
    texts: Vec<Cow<'static, str>>,
}

impl ReplyAssembler {
    /// An empty assembler.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes one line (without its line end); returns the reply when the line was its
    /// last. On error the partial reply is dropped.
    pub fn push_line(
        &mut self,
        line: &[u8],
        options: &ReplyOptions,
    ) -> Result<Option<Reply<'static>>, DecodeError> {
        let parsed = match reply_line(line, options, line, 0) {
            Ok(p) => p,
            Err(e) => {
                *self = Self::default();
                return Err(e);
            }
        };
        if self.code.is_some_and(|c| c != parsed.code) {
            *self = Self::default();
            return Err(DecodeError::new(DecodeErrorKind::MixedReplyCodes, line, 0));
        }
        if self.texts.len() >= options.max_lines {
            *self = Self::default();
            return Err(DecodeError::new(
                DecodeErrorKind::Syntax("fewer reply lines"),
                line,
                0,
            ));
        }
        self.code = Some(parsed.code);
        self.texts.push(Cow::Owned(parsed.text.into_owned()));
        if !parsed.last {
            return Ok(None);
        }
        let texts = std::mem::take(&mut self.texts);
        self.code = None;
        Ok(Some(assemble(parsed.code, texts)))
    }

    /// True if some lines of a reply have been taken.
    pub fn in_progress(&self) -> bool {
        self.code.is_some()
    }
}
