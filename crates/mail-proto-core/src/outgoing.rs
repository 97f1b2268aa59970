//! Bodies going out in chunks the application feeds, with back-pressure.
//!
//! Every machine that sends a body it may never hold whole works the same way: the
//! application feeds chunks while the machine *wants* more, the run loop writes what
//! `poll_transmit` gives, and the application feeds again once the machine's
//! buffered output has drained below a high-water mark. SMTP's client (DATA and BDAT
//! bodies) and POP3's server (RETR and TOP) share the two pieces here, and an IMAP
//! server machine sending FETCH literals would too:
//!
//! - [`HighWater`]: the mark, and the one rule that says when to feed more.
//! - [`HeldChunks`]: chunks taken from the application that the protocol does not
//!   let go yet (an SMTP body before its `354`, a BDAT chunk held back so the last
//!   one can carry `LAST`), counted toward the mark without being copied.
//!
//! ```
//! use bytes::Bytes;
//! use mail_proto_core::outgoing::{HeldChunks, HighWater};
//!
//! let mark = HighWater::new(8);
//! let mut held = HeldChunks::new();
//! assert!(mark.wants_more(held.len()));
//! held.push(Bytes::from_static(b"0123"));
//! held.push(Bytes::from_static(b""));
//! held.push(Bytes::from_static(b"4567"));
//! assert_eq!(held.len(), 8);
//! assert!(!mark.wants_more(held.len()), "at the mark: stop feeding");
//! assert_eq!(held.pop(), Some(Bytes::from_static(b"0123")));
//! assert!(mark.wants_more(held.len()));
//! ```

use std::collections::VecDeque;

use bytes::Bytes;

/// The default high-water mark: 256 KiB, a few socket buffers' worth.
pub const DEFAULT_HIGH_WATER: usize = 256 * 1024;

/// How many bytes a machine buffers before it stops asking for more of a body.
///
/// The machine asks for more while what it holds (output not yet handed out, plus
/// chunks held back) is below the mark, so a body fed in chunks of at most `c` bytes
/// never makes it hold more than `mark + c` plus what encoding adds (dot-stuffing,
/// a BDAT command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HighWater(usize);

impl HighWater {
    /// A mark of `bytes`; 0 counts as 1, so a machine with nothing buffered always
    /// asks for more and a body cannot stall.
    pub const fn new(bytes: usize) -> Self {
        HighWater(if bytes == 0 { 1 } else { bytes })
    }

    /// The mark in bytes (at least 1).
    pub const fn bytes(self) -> usize {
        self.0
    }

    /// True while `buffered` bytes leave room for another chunk.
    pub const fn wants_more(self, buffered: usize) -> bool {
        buffered < self.0
    }
}

impl Default for HighWater {
    fn default() -> Self {
        HighWater::new(DEFAULT_HIGH_WATER)
    }
}

/// Chunks taken from the application and not yet encoded, in order, with their
/// total length. Chunks are kept as the `Bytes` they came in (never copied here) and
/// empty chunks are not kept.
#[derive(Debug, Clone, Default)]
pub struct HeldChunks {
    chunks: VecDeque<Bytes>,
    len: usize,
}

impl HeldChunks {
    /// Nothing held.
    pub fn new() -> Self {
        HeldChunks::default()
    }

    /// Holds `chunk` after the others (an empty chunk is dropped).
    pub fn push(&mut self, chunk: Bytes) {
        if !chunk.is_empty() {
            self.len += chunk.len();
            self.chunks.push_back(chunk);
        }
    }

    /// Takes the oldest chunk.
    pub fn pop(&mut self) -> Option<Bytes> {
        let chunk = self.chunks.pop_front()?;
        self.len -= chunk.len();
        Some(chunk)
    }

    /// Bytes held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True if nothing is held.
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    /// Chunks held.
    pub fn count(&self) -> usize {
        self.chunks.len()
    }

    /// Drops everything held (a transaction that failed).
    pub fn clear(&mut self) {
        self.chunks.clear();
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zero_mark_still_asks_for_a_first_chunk() {
        let mark = HighWater::new(0);
        assert_eq!(mark.bytes(), 1);
        assert!(mark.wants_more(0));
        assert!(!mark.wants_more(1));
        assert_eq!(HighWater::default().bytes(), DEFAULT_HIGH_WATER);
    }

    #[test]
    fn held_chunks_keep_order_and_length() {
        let mut held = HeldChunks::new();
        for c in ["ab", "", "cde", "f"] {
            held.push(Bytes::from(c));
        }
        assert_eq!((held.len(), held.count()), (6, 3));
        let mut out = Vec::new();
        while let Some(c) = held.pop() {
            out.extend_from_slice(&c);
            assert_eq!(held.len(), 6 - out.len());
        }
        assert_eq!(out, b"abcdef");
        assert!(held.is_empty());
        held.push(Bytes::from("x"));
        held.clear();
        assert_eq!((held.len(), held.count(), held.is_empty()), (0, 0, true));
    }
}
